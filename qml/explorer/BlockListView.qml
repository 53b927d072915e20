import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Ui.Explorer
import Cairn.Components

// The latest blocks, newest first, live: new blocks slide in at the top; older pages load as the
// user scrolls towards the end (BlockListModel pages; the ListView only makes visible delegates).
Card {
    id: root
    title: qsTr("Latest blocks")
    signal open(string kind, string key)
    property alias model: blocks
    property alias list: list
    property double now: Date.now()
    readonly property int rowPadding: 8  // the header's columns line up with the rows'

    // "12 s ago", "4 min ago", "3 h ago", then the date.
    function ago(ms) {
        const s = Math.max(0, Math.round((root.now - ms) / 1000))
        if (s < 60) return qsTr("%1 s ago").arg(s)
        if (s < 3600) return qsTr("%1 min ago").arg(Math.floor(s / 60))
        if (s < 86400) return qsTr("%1 h ago").arg(Math.floor(s / 3600))
        return new Date(ms).toLocaleString(Qt.locale(), Locale.ShortFormat)
    }

    property int unseen: 0  // blocks that arrived while the user looked further down

    BlockListModel {
        id: blocks
        onNewBlocks: (added) => {
            if (!list.atYBeginning) root.unseen += added
        }
    }
    Timer {
        interval: 1000
        repeat: true
        running: root.visible
        onTriggered: root.now = Date.now()
    }

    Banner {
        visible: blocks.error.length > 0
        kind: "error"
        text: blocks.error
        actionText: qsTr("Try again")
        onActionTriggered: blocks.retry()
        Layout.fillWidth: true
    }

    // Column header
    RowLayout {
        spacing: Theme.spacing
        Layout.fillWidth: true
        Layout.leftMargin: root.rowPadding
        Layout.rightMargin: root.rowPadding
        Repeater {
            model: [
                { text: qsTr("Height"), width: 90 },
                { text: qsTr("Time"), width: 110 },
                { text: qsTr("Block id"), width: -1 },
                { text: qsTr("Proposer"), width: 130 },
                { text: qsTr("Txs"), width: 50 },
                { text: qsTr("Finality"), width: 90 }
            ]
            delegate: Label {
                required property var modelData
                text: modelData.text
                color: Theme.mutedText
                font.pixelSize: Theme.smallSize
                font.bold: true
                font.capitalization: Font.AllUppercase
                Layout.preferredWidth: modelData.width > 0 ? modelData.width : 100
                Layout.fillWidth: modelData.width < 0
            }
        }
    }
    Rectangle { color: Theme.border; implicitHeight: 1; Layout.fillWidth: true }

    ListView {
        id: list
        model: blocks
        clip: true
        focus: true
        keyNavigationEnabled: true
        boundsBehavior: Flickable.StopAtBounds
        cacheBuffer: 400
        reuseItems: true
        Layout.fillWidth: true
        Layout.fillHeight: true
        Accessible.role: Accessible.List
        Accessible.name: qsTr("Latest blocks")
        ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

        // New blocks fade in; the rows below glide down instead of jumping.
        add: Transition {
            NumberAnimation { property: "opacity"; from: 0; to: 1; duration: 450; easing.type: Easing.OutCubic }
        }
        addDisplaced: Transition {
            NumberAnimation { property: "y"; duration: 250; easing.type: Easing.OutCubic }
        }

        delegate: ItemDelegate {
            id: row
            required property int index
            required property var model  // roles as model.<name> ("height" would shadow Item.height)
            readonly property string blockHeight: String(model.height)
            readonly property string blockId: model.blockId
            readonly property int proposer: model.proposer
            readonly property string proposerName: model.proposerName
            readonly property int txCount: model.txCount
            readonly property string finality: model.finality
            readonly property double timestampMs: model.timestampMs
            width: ListView.view.width
            implicitHeight: 40
            leftPadding: root.rowPadding
            rightPadding: root.rowPadding
            highlighted: ListView.isCurrentItem && list.activeFocus
            Accessible.name: qsTr("Block %1, %2 transactions, %3").arg(row.blockHeight).arg(row.txCount).arg(row.finality)
            onClicked: root.open("block", String(row.blockHeight))
            Keys.onReturnPressed: root.open("block", String(row.blockHeight))
            background: Rectangle {
                color: row.highlighted ? Theme.accentLight : row.hovered ? Theme.background : "transparent"
                Rectangle {
                    anchors.bottom: parent.bottom
                    width: parent.width
                    height: 1
                    color: Theme.border
                    opacity: 0.6
                }
            }
            contentItem: RowLayout {
                spacing: Theme.spacing
                Label {
                    text: "#" + row.blockHeight
                    color: Theme.accent
                    font.bold: true
                    Layout.preferredWidth: 90
                }
                Label {
                    text: root.ago(row.timestampMs)
                    color: Theme.mutedText
                    Layout.preferredWidth: 110
                }
                Label {
                    text: row.blockId
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.smallSize
                    color: Theme.text
                    elide: Text.ElideMiddle
                    Layout.fillWidth: true
                }
                Label {
                    text: row.proposerName.length > 0 ? row.proposerName : qsTr("#%1").arg(row.proposer)
                    textFormat: Text.PlainText  // a moniker is network text
                    color: Theme.text
                    elide: Text.ElideRight
                    Layout.preferredWidth: 130
                }
                Label {
                    text: row.txCount
                    color: row.txCount > 0 ? Theme.text : Theme.mutedText
                    Layout.preferredWidth: 50
                }
                Item {
                    implicitHeight: pill.implicitHeight
                    Layout.preferredWidth: 90
                    StatusPill {
                        id: pill
                        text: row.finality === "finalized" ? qsTr("finalized")
                            : row.finality === "justified" ? qsTr("justified") : qsTr("pending")
                        tone: Theme.finalityColor(row.finality)
                        Behavior on tone { ColorAnimation { duration: 400 } }
                    }
                }
            }
        }

        footer: Item {
            width: ListView.view.width
            height: blocks.loading && blocks.count > 0 ? 40 : blocks.atEnd && blocks.count > 0 ? 36 : 0
            BusyIndicator {
                anchors.centerIn: parent
                running: blocks.loading && blocks.count > 0
                visible: running
                height: 28
            }
            Label {
                anchors.centerIn: parent
                visible: blocks.atEnd && blocks.count > 0 && !blocks.loading
                text: qsTr("The start of the chain")
                color: Theme.mutedText
                font.pixelSize: Theme.smallSize
            }
        }

        onAtYBeginningChanged: if (atYBeginning) root.unseen = 0

        // Scrolled down, the rows stay put as blocks arrive; this says how many and leads back up.
        Button {
            anchors.top: parent.top
            anchors.topMargin: 6
            anchors.horizontalCenter: parent.horizontalCenter
            visible: root.unseen > 0
            z: 2
            highlighted: true
            text: qsTr("↑ %n new block(s)", "", root.unseen)
            Accessible.name: text
            onClicked: {
                list.positionViewAtBeginning()
                root.unseen = 0
            }
        }

        BusyIndicator {
            anchors.centerIn: parent
            running: blocks.loading && blocks.count === 0
            visible: running
            Accessible.name: qsTr("Loading blocks")
        }
        EmptyState {
            anchors.centerIn: parent
            visible: !blocks.loading && blocks.loaded && blocks.count === 0
            text: qsTr("No blocks yet")
            hint: qsTr("Blocks appear here as the node receives them.")
        }
    }
}
