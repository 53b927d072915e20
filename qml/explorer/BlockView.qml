import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Ui.Explorer
import Cairn.Components

// One block: header fields, its transactions (each opens the transaction), votes and evidence.
ScrollView {
    id: root
    property string key: ""          // height or block id
    signal open(string kind, string key)
    readonly property alias detail: block
    contentWidth: availableWidth
    clip: true

    BlockDetailModel { id: block }
    onKeyChanged: block.load(key)
    Component.onCompleted: block.load(key)

    function time(ms) { return new Date(ms).toLocaleString(Qt.locale(), Locale.LongFormat) }

    ColumnLayout {
        width: root.availableWidth
        spacing: Theme.spacing

        DetailState {
            model: block
            notFoundText: qsTr("No block matches %1").arg(root.key)
            notFoundHint: qsTr("The chain may not have reached this height yet.")
            onRetry: block.load(root.key)
            Layout.fillWidth: true
        }

        Card {
            visible: block.found
            title: qsTr("Block #%1").arg(block.height)
            Layout.fillWidth: true
            RowLayout {
                spacing: 8
                StatusPill {
                    text: block.finality === "finalized" ? qsTr("finalized")
                        : block.finality === "justified" ? qsTr("justified") : qsTr("pending")
                    tone: Theme.finalityColor(block.finality)
                }
                StatusPill {
                    visible: !block.canonical
                    text: qsTr("not canonical")
                    tone: Theme.bad
                }
            }
            InfoRow { label: qsTr("Block id"); value: block.blockId; mono: true; copyable: true; Layout.fillWidth: true }
            InfoRow {
                label: qsTr("Parent")
                value: block.hasParent ? block.parentId : qsTr("None (genesis)")
                mono: block.hasParent
                link: block.hasParent
                onActivated: root.open("block", block.parentId)
                Layout.fillWidth: true
            }
            InfoRow { label: qsTr("Height"); value: String(block.height); Layout.fillWidth: true }
            InfoRow { label: qsTr("Slot"); value: String(block.slot); Layout.fillWidth: true }
            InfoRow { label: qsTr("Time"); value: root.time(block.timestampMs); Layout.fillWidth: true }
            InfoRow {
                label: qsTr("Proposer")
                value: qsTr("Validator #%1").arg(block.proposer)
                link: true
                onActivated: root.open("validator", String(block.proposer))
                Layout.fillWidth: true
            }
            InfoRow { label: qsTr("State root"); value: block.stateRoot; mono: true; copyable: true; Layout.fillWidth: true }
            InfoRow { label: qsTr("Transaction root"); value: block.txRoot; mono: true; Layout.fillWidth: true }
            InfoRow { label: qsTr("Size"); value: qsTr("%L1 bytes").arg(block.sizeBytes); Layout.fillWidth: true }
        }

        Card {
            visible: block.found
            title: qsTr("Transactions (%1)").arg(block.txs.length)
            Layout.fillWidth: true
            Label {
                visible: block.txs.length === 0
                text: qsTr("This block holds no transactions.")
                color: Theme.mutedText
            }
            ListView {
                id: txList
                model: block.txs
                interactive: contentHeight > height
                clip: true
                implicitHeight: Math.min(contentHeight, 420)
                Layout.fillWidth: true
                Accessible.name: qsTr("Transactions of the block")
                delegate: ItemDelegate {
                    id: txRow
                    required property var modelData
                    width: ListView.view.width
                    Accessible.name: modelData.kindLabel + " " + modelData.txId
                    onClicked: root.open("tx", modelData.txId)
                    contentItem: RowLayout {
                        spacing: Theme.spacing
                        Label {
                            text: txRow.modelData.kindLabel
                            font.bold: true
                            color: Theme.text
                            Layout.preferredWidth: 140
                        }
                        Label {
                            text: txRow.modelData.txId
                            font.family: Theme.monoFamily
                            font.pixelSize: Theme.smallSize
                            color: Theme.accent
                            elide: Text.ElideMiddle
                            Layout.fillWidth: true
                        }
                        Label {
                            text: txRow.modelData.amount.length > 0 ? Units.format(txRow.modelData.amount) : ""
                            color: Theme.text
                            horizontalAlignment: Text.AlignRight
                            Layout.preferredWidth: 170
                        }
                    }
                }
            }
        }

        Card {
            visible: block.found && (block.votes.length > 0 || block.evidence.length > 0)
            title: qsTr("Votes and evidence")
            Layout.fillWidth: true
            Label {
                visible: block.votes.length > 0
                text: qsTr("%n vote(s) for earlier slots", "", block.votes.length)
                color: Theme.mutedText
            }
            Flow {
                spacing: 6
                Layout.fillWidth: true
                Repeater {
                    model: block.votes
                    delegate: Button {
                        required property var modelData
                        flat: true
                        text: qsTr("#%1 · slot %2").arg(modelData.validator).arg(modelData.slot)
                        font.pixelSize: Theme.smallSize
                        Accessible.name: qsTr("Vote of validator %1 for slot %2").arg(modelData.validator).arg(modelData.slot)
                        onClicked: root.open("validator", String(modelData.validator))
                    }
                }
            }
            Repeater {
                model: block.evidence
                delegate: InfoRow {
                    required property var modelData
                    label: qsTr("Evidence")
                    value: qsTr("%1 by validator #%2").arg(modelData.kind).arg(modelData.offender)
                    link: true
                    onActivated: root.open("validator", String(modelData.offender))
                    Layout.fillWidth: true
                }
            }
        }
    }
}
