import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Ui.Explorer
import Cairn.Components

// One address: balance and stake, the validator it operates, its delegations, and its transactions
// (paged as the list scrolls).
ScrollView {
    id: root
    property string key: ""
    signal open(string kind, string key)
    readonly property alias detail: account
    contentWidth: availableWidth
    clip: true

    AccountDetailModel { id: account }
    onKeyChanged: account.load(key)
    Component.onCompleted: account.load(key)

    ColumnLayout {
        width: root.availableWidth
        spacing: Theme.spacing

        DetailState {
            model: account
            notFoundText: qsTr("Nothing to show for this address")
            onRetry: account.load(root.key)
            Layout.fillWidth: true
        }

        Card {
            visible: account.found
            title: qsTr("Account")
            Layout.fillWidth: true
            InfoRow { label: qsTr("Address"); value: account.address; mono: true; copyable: true; Layout.fillWidth: true }
            Label {
                visible: !account.seen
                text: qsTr("This address has no activity on the chain yet.")
                color: Theme.mutedText
            }
            InfoRow { label: qsTr("Balance"); value: Units.format(account.balance); Layout.fillWidth: true }
            InfoRow { label: qsTr("Bonded"); value: Units.format(account.bonded); Layout.fillWidth: true }
            InfoRow { label: qsTr("Unbonding"); value: Units.format(account.unbonding); Layout.fillWidth: true }
            InfoRow { label: qsTr("Claimable rewards"); value: Units.format(account.rewards); Layout.fillWidth: true }
            InfoRow { label: qsTr("Next nonce"); value: String(account.nonce); Layout.fillWidth: true }
            InfoRow {
                visible: account.isValidator
                label: qsTr("Validator")
                value: qsTr("Operates validator #%1").arg(account.validatorIndex)
                link: true
                onActivated: root.open("validator", account.address)
                Layout.fillWidth: true
            }
        }

        Card {
            visible: account.found && account.delegations.length > 0
            title: qsTr("Delegations")
            Layout.fillWidth: true
            Repeater {
                model: account.delegations
                delegate: InfoRow {
                    required property var modelData
                    label: qsTr("Validator #%1").arg(modelData.validator)
                    value: qsTr("%1 staked, %2 rewards").arg(Units.format(modelData.stake)).arg(Units.format(modelData.rewards))
                    link: true
                    onActivated: root.open("validator", modelData.operator)
                    Layout.fillWidth: true
                }
            }
            Repeater {
                model: account.unbondings
                delegate: InfoRow {
                    required property var modelData
                    label: qsTr("Unbonding")
                    value: qsTr("%1 from validator #%2, until slot %3").arg(Units.format(modelData.amount))
                               .arg(modelData.validator).arg(modelData.completionSlot)
                    Layout.fillWidth: true
                }
            }
        }

        Card {
            visible: account.found
            title: qsTr("Transactions")
            Layout.fillWidth: true
            Label {
                visible: account.txs.count === 0 && !account.txs.loading && account.txs.error.length === 0
                text: qsTr("No transactions sent by or naming this address.")
                color: Theme.mutedText
            }
            Label {
                visible: account.txs.error.length > 0
                text: account.txs.error
                textFormat: Text.PlainText
                color: Theme.bad
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            ListView {
                model: account.txs
                clip: true
                interactive: contentHeight > height
                implicitHeight: Math.min(contentHeight, 460)
                Layout.fillWidth: true
                Accessible.name: qsTr("Transactions of the account")
                ScrollBar.vertical: ScrollBar {}
                delegate: ItemDelegate {
                    id: txRow
                    required property var model
                    width: ListView.view.width
                    Accessible.name: model.kindLabel + " " + model.txId
                    onClicked: root.open("tx", model.txId)
                    contentItem: RowLayout {
                        spacing: Theme.spacing
                        Label {
                            text: txRow.model.outgoing ? qsTr("Out") : qsTr("In")
                            color: txRow.model.outgoing ? Theme.warn : Theme.good
                            font.bold: true
                            Layout.preferredWidth: 36
                        }
                        Label { text: txRow.model.kindLabel; color: Theme.text; Layout.preferredWidth: 140 }
                        Label {
                            text: txRow.model.txId
                            font.family: Theme.monoFamily
                            font.pixelSize: Theme.smallSize
                            color: Theme.accent
                            elide: Text.ElideMiddle
                            Layout.fillWidth: true
                        }
                        Label {
                            text: txRow.model.amount.length > 0 ? Units.format(txRow.model.amount) : ""
                            horizontalAlignment: Text.AlignRight
                            Layout.preferredWidth: 160
                        }
                        Label {
                            text: txRow.model.status === "pending" ? qsTr("pending") : "#" + txRow.model.height
                            color: Theme.mutedText
                            horizontalAlignment: Text.AlignRight
                            Layout.preferredWidth: 70
                        }
                    }
                }
            }
        }
    }
}
