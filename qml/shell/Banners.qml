import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Ui.Shell
import Cairn.Components

// Conditions the user must know about, above every page: halted, clock behind, offline, syncing,
// RPC not started, wallet locked. Nothing shows when all is well.
ColumnLayout {
    id: banners
    spacing: 6

    // For tests and the status bar: the banners that show now, by name.
    readonly property var shown: {
        const list = []
        if (NodeStatus.halted) list.push("halted")
        if (NodeStatus.clockBehindSeconds > 0) list.push("clock")
        if (NodeStatus.offline) list.push("offline")
        if (NodeStatus.syncing) list.push("syncing")
        if (Session.rpcError.length > 0) list.push("rpc")
        if (NodeStatus.walletLocked) list.push("locked")
        return list
    }

    Item { Layout.preferredHeight: 0; visible: banners.shown.length > 0 }

    Banner {
        objectName: "haltedBanner"
        visible: NodeStatus.halted
        kind: "error"
        text: qsTr("The node stopped producing blocks and votes: %1. Details are in %2.")
                  .arg(NodeStatus.haltReason.length > 0 ? NodeStatus.haltReason : qsTr("a local fault"))
                  .arg(Session.logPath)
        Layout.fillWidth: true
        Layout.leftMargin: 12
        Layout.rightMargin: 12
    }
    Banner {
        objectName: "clockBanner"
        visible: NodeStatus.clockBehindSeconds > 0
        kind: "warn"
        text: qsTr("Your computer's clock is %1 s behind the chain. Set the clock right (turn on automatic time) or your node may miss its slots.")
                  .arg(NodeStatus.clockBehindSeconds)
        Layout.fillWidth: true
        Layout.leftMargin: 12
        Layout.rightMargin: 12
    }
    Banner {
        objectName: "offlineBanner"
        visible: NodeStatus.offline
        kind: "warn"
        text: qsTr("Offline: no peers are connected, so the chain shown may be out of date.")
        Layout.fillWidth: true
        Layout.leftMargin: 12
        Layout.rightMargin: 12
    }
    Banner {
        objectName: "syncingBanner"
        visible: NodeStatus.syncing
        kind: "info"
        text: NodeStatus.syncText + (NodeStatus.etaText.length > 0 ? " · " + NodeStatus.etaText : "")
              + ". " + qsTr("Balances and history may be incomplete until then.")
        Layout.fillWidth: true
        Layout.leftMargin: 12
        Layout.rightMargin: 12
    }
    Banner {
        objectName: "rpcBanner"
        visible: Session.rpcError.length > 0
        kind: "warn"
        text: qsTr("The RPC server did not start: %1. The app works without it; change the port in Settings.").arg(Session.rpcError)
        actionText: qsTr("Settings")
        onActionTriggered: Navigation.openPage("settings")
        Layout.fillWidth: true
        Layout.leftMargin: 12
        Layout.rightMargin: 12
    }
    Banner {
        objectName: "lockedBanner"
        visible: NodeStatus.walletLocked
        kind: "info"
        text: qsTr("The wallet is locked. Unlock it to send or stake.")
        actionText: qsTr("Unlock")
        onActionTriggered: Navigation.openPage("send")
        Layout.fillWidth: true
        Layout.leftMargin: 12
        Layout.rightMargin: 12
    }
    Item { Layout.preferredHeight: 0; visible: banners.shown.length > 0 }
}
