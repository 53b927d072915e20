import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Ui.Explorer
import Cairn.Components

// One validator: who runs it, its keys, commission, stake and standing. Moniker and website come from
// the network: shown as plain text (InfoRow), the website never as a clickable link.
ScrollView {
    id: root
    property string key: ""          // operator address or index
    signal open(string kind, string key)
    readonly property alias detail: validator
    contentWidth: availableWidth
    clip: true

    ValidatorDetailModel { id: validator }
    onKeyChanged: validator.load(key)
    Component.onCompleted: validator.load(key)

    ColumnLayout {
        width: root.availableWidth
        spacing: Theme.spacing

        DetailState {
            model: validator
            notFoundText: qsTr("No validator matches %1").arg(root.key)
            notFoundHint: qsTr("Validators are found by operator address or index.")
            onRetry: validator.load(root.key)
            Layout.fillWidth: true
        }

        Card {
            visible: validator.found
            title: qsTr("Validator #%1").arg(validator.index)
            Layout.fillWidth: true
            RowLayout {
                spacing: 8
                StatusPill {
                    text: validator.status === "jailed" ? qsTr("jailed")
                        : validator.status === "tombstoned" ? qsTr("tombstoned") : qsTr("candidate")
                    tone: validator.jailed ? Theme.bad : Theme.good
                }
                StatusPill {
                    text: validator.active ? qsTr("active") : qsTr("not in the active set")
                    tone: validator.active ? Theme.good : Theme.mutedText
                }
            }
            InfoRow { label: qsTr("Moniker"); value: validator.moniker; Layout.fillWidth: true }
            InfoRow {
                visible: validator.website.length > 0
                label: qsTr("Website")
                value: validator.website
                Layout.fillWidth: true
            }
            InfoRow {
                label: qsTr("Operator")
                value: validator.operatorAddress
                mono: true
                link: true
                onActivated: root.open("account", validator.operatorAddress)
                Layout.fillWidth: true
            }
            InfoRow { label: qsTr("Consensus key"); value: validator.consensusKey; mono: true; copyable: true; Layout.fillWidth: true }
            InfoRow { label: qsTr("VRF key"); value: validator.vrfKey; mono: true; copyable: true; Layout.fillWidth: true }
        }

        Card {
            visible: validator.found
            title: qsTr("Stake")
            Layout.fillWidth: true
            InfoRow { label: qsTr("Total stake"); value: Units.format(validator.stake); Layout.fillWidth: true }
            InfoRow { label: qsTr("Self bond"); value: Units.format(validator.selfBond); Layout.fillWidth: true }
            InfoRow {
                label: qsTr("Commission")
                value: Number(validator.commissionBps / 100).toLocaleString(Qt.locale(), "f", 2) + " %"
                Layout.fillWidth: true
            }
            InfoRow { label: qsTr("Missed votes"); value: String(validator.missedVotes); Layout.fillWidth: true }
            InfoRow {
                visible: validator.jailed && validator.jailedUntil > 0
                label: qsTr("Jailed until slot")
                value: String(validator.jailedUntil)
                Layout.fillWidth: true
            }
        }
    }
}
