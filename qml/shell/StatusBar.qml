import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Ui.Shell
import Cairn.Components

// The strip at the bottom of the window: sync state, heights, peers, the wallet's lock, the network.
Rectangle {
    id: bar
    implicitHeight: 30
    color: Theme.surface
    border.color: Theme.border
    // Creating the singleton here applies the saved language as soon as the window shows.
    readonly property string language: Language.current

    component Item_: RowLayout {
        property alias text: label.text
        property color dot: "transparent"
        spacing: 6
        Rectangle { visible: parent.dot !== "transparent"; width: 8; height: 8; radius: 4; color: parent.dot }
        Label { id: label; color: Theme.mutedText; font.pixelSize: Theme.smallSize }
    }
    component Separator_: Rectangle { width: 1; Layout.preferredHeight: 14; color: Theme.border }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 12
        anchors.rightMargin: 12
        spacing: 12

        Item_ {
            objectName: "syncState"
            dot: NodeStatus.halted ? Theme.bad : NodeStatus.syncing || NodeStatus.stalled ? Theme.warn : Theme.good
            text: NodeStatus.halted ? qsTr("Halted")
                : NodeStatus.syncing ? NodeStatus.syncText + (NodeStatus.etaText.length > 0 ? " · " + NodeStatus.etaText : "")
                : NodeStatus.syncText
            Accessible.name: text
        }
        Separator_ {}
        Item_ {
            text: qsTr("Head %1 · finalized %2").arg(Number(NodeStatus.headHeight).toLocaleString(Qt.locale(), "f", 0))
                                                .arg(Number(NodeStatus.finalizedHeight).toLocaleString(Qt.locale(), "f", 0))
        }
        Separator_ {}
        Item_ {
            dot: NodeStatus.offline ? Theme.bad : "transparent"
            text: NodeStatus.needsPeers ? (NodeStatus.peers === 1 ? qsTr("1 peer") : qsTr("%1 peers").arg(NodeStatus.peers)) : qsTr("No peers needed")
        }
        Item { Layout.fillWidth: true }
        Item_ {
            visible: NodeStatus.walletExists
            dot: NodeStatus.walletLocked ? Theme.warn : Theme.good
            text: NodeStatus.walletLocked ? qsTr("Wallet locked") : qsTr("Wallet unlocked")
        }
        Separator_ { visible: NodeStatus.walletExists }
        Item_ { text: Session.network }
    }
}
