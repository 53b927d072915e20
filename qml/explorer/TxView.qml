import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Ui.Explorer
import Cairn.Components

// One transaction: where it is, who sent it, what it does (payload rows: amounts formatted, addresses
// linked to their account or validator), and its memo as plain text.
ScrollView {
    id: root
    property string key: ""
    signal open(string kind, string key)
    readonly property alias detail: tx
    contentWidth: availableWidth
    clip: true

    TxDetailModel { id: tx }
    onKeyChanged: tx.load(key)
    Component.onCompleted: tx.load(key)

    ColumnLayout {
        width: root.availableWidth
        spacing: Theme.spacing

        DetailState {
            model: tx
            notFoundText: qsTr("No transaction has this id")
            notFoundHint: qsTr("It may have expired from the pool without being included.")
            onRetry: tx.load(root.key)
            Layout.fillWidth: true
        }

        Card {
            visible: tx.found
            title: tx.kindLabel
            Layout.fillWidth: true
            StatusPill {
                text: tx.status === "finalized" ? qsTr("finalized") : tx.status === "included" ? qsTr("included") : qsTr("pending")
                tone: tx.status === "finalized" ? Theme.good : tx.status === "included" ? Theme.info : Theme.warn
            }
            InfoRow { label: qsTr("Transaction id"); value: tx.txId; mono: true; copyable: true; Layout.fillWidth: true }
            InfoRow {
                label: qsTr("Block")
                value: tx.included ? qsTr("#%1 (position %2)").arg(tx.blockHeight).arg(tx.position)
                                   : qsTr("Not yet included: waiting in the pool")
                link: tx.included
                onActivated: root.open("block", tx.blockId)
                Layout.fillWidth: true
            }
            InfoRow {
                label: qsTr("From")
                value: tx.sender
                mono: true
                link: true
                onActivated: root.open("account", tx.sender)
                Layout.fillWidth: true
            }
            InfoRow { label: qsTr("Nonce"); value: String(tx.nonce); Layout.fillWidth: true }
            InfoRow { label: qsTr("Fee"); value: Units.format(tx.fee); Layout.fillWidth: true }
            InfoRow { label: qsTr("Expires after slot"); value: String(tx.expirySlot); Layout.fillWidth: true }
            InfoRow { label: qsTr("Size"); value: qsTr("%L1 bytes").arg(tx.sizeBytes); Layout.fillWidth: true }
        }

        Card {
            visible: tx.found && (tx.payload.length > 0 || tx.memo.length > 0)
            title: qsTr("Details")
            Layout.fillWidth: true
            Repeater {
                model: tx.payload
                delegate: InfoRow {
                    required property var modelData
                    readonly property string type: modelData.type
                    label: modelData.label
                    value: type === "amount" ? Units.format(modelData.value) : modelData.value
                    mono: type === "address" || type === "validator" || type === "key"
                    copyable: type === "key"
                    link: type === "address" || type === "validator"
                    onActivated: root.open(type === "validator" ? "validator" : "account", modelData.value)
                    Layout.fillWidth: true
                }
            }
            InfoRow {
                visible: tx.memo.length > 0
                label: qsTr("Memo")
                value: tx.memo  // InfoRow shows plain text: memos are arbitrary network bytes
                Layout.fillWidth: true
            }
        }
    }
}
