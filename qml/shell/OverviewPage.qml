import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Ui.Shell
import Cairn.Components

// The first page: balances, the chain, this node, staking and recent activity at a glance.
ScrollView {
    id: page
    contentWidth: availableWidth
    clip: true

    ColumnLayout {
        width: page.availableWidth
        spacing: Theme.spacing

        PageHeader {
            title: qsTr("Overview")
            subtitle: NodeStatus.ready ? NodeStatus.syncText : qsTr("Reading the node's state…")
            Layout.fillWidth: true
            Layout.margins: Theme.pagePadding
            Layout.bottomMargin: 0
        }

        // Balances: the wallet feature's card, when that module is built.
        Loader {
            id: balanceLoader
            source: "qrc:/Cairn/Wallet/BalanceCard.qml"
            visible: status === Loader.Ready
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
        }

        GridLayout {
            columns: page.availableWidth > 900 ? 2 : 1
            columnSpacing: Theme.spacing
            rowSpacing: Theme.spacing
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding

            Card {
                title: qsTr("Chain")
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 1
                InfoRow { label: qsTr("Head block"); value: Number(NodeStatus.headHeight).toLocaleString(Qt.locale(), "f", 0); Layout.fillWidth: true }
                InfoRow { label: qsTr("Finalized block"); value: Number(NodeStatus.finalizedHeight).toLocaleString(Qt.locale(), "f", 0); Layout.fillWidth: true }
                InfoRow { label: qsTr("Current slot"); value: Number(NodeStatus.currentSlot).toLocaleString(Qt.locale(), "f", 0); Layout.fillWidth: true }
                InfoRow {
                    label: qsTr("Finality lag")
                    value: NodeStatus.finalityLag === 1 ? qsTr("1 slot") : qsTr("%1 slots").arg(NodeStatus.finalityLag)
                    Layout.fillWidth: true
                }
                RowLayout {
                    spacing: Theme.spacing
                    Layout.fillWidth: true
                    Layout.topMargin: 4
                    ProgressBar {
                        value: NodeStatus.syncProgress
                        Layout.fillWidth: true
                        Accessible.name: qsTr("Sync progress")
                    }
                    Label {
                        text: NodeStatus.syncing ? Math.floor(NodeStatus.syncProgress * 100) + " %" : NodeStatus.syncText
                        color: NodeStatus.syncing || NodeStatus.stalled ? Theme.warn : Theme.good
                        font.bold: true
                    }
                }
                Label {
                    visible: NodeStatus.syncing
                    text: NodeStatus.syncText + (NodeStatus.etaText.length > 0 ? " · " + NodeStatus.etaText : "")
                    color: Theme.mutedText
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
                Label {
                    visible: !NodeStatus.healthy
                    text: qsTr("Health: %1").arg(Array.from(NodeStatus.healthProblems).join("; "))
                    textFormat: Text.PlainText
                    color: Theme.warn
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
            }

            Card {
                title: qsTr("Node")
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 1
                InfoRow { label: qsTr("Network"); value: Session.network; Layout.fillWidth: true }
                InfoRow {
                    label: qsTr("Peers")
                    value: NodeStatus.needsPeers ? String(NodeStatus.peers)
                                                 : qsTr("none needed (devnet: this computer only)")
                    Layout.fillWidth: true
                }
                InfoRow {
                    label: qsTr("RPC")
                    value: Session.rpcEndpoint.length > 0 ? Session.rpcEndpoint
                         : Session.rpcError.length > 0 ? qsTr("not started: %1").arg(Session.rpcError)
                         : qsTr("off")
                    mono: Session.rpcEndpoint.length > 0
                    copyable: Session.rpcEndpoint.length > 0
                    Layout.fillWidth: true
                }
                InfoRow { label: qsTr("Data folder"); value: Session.networkDir; mono: true; copyable: true; Layout.fillWidth: true }
            }

            Card {
                title: qsTr("Staking")
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 1
                RowLayout {
                    spacing: 8
                    Layout.fillWidth: true
                    StatusPill {
                        text: !NodeStatus.hasValidatorKey ? qsTr("No key")
                            : NodeStatus.validating ? qsTr("Validating") : qsTr("Stopped")
                        tone: NodeStatus.validating ? Theme.good : NodeStatus.hasValidatorKey ? Theme.warn : Theme.mutedText
                    }
                    Label {
                        text: NodeStatus.validatorText
                        color: Theme.text
                        wrapMode: Text.WordWrap
                        Layout.fillWidth: true
                    }
                }
                InfoRow {
                    visible: NodeStatus.hasValidatorKey
                    label: qsTr("Blocks proposed")
                    value: String(NodeStatus.blocksProposed)
                    Layout.fillWidth: true
                }
                InfoRow {
                    visible: NodeStatus.hasValidatorKey
                    label: qsTr("Votes cast")
                    value: String(NodeStatus.votesCast)
                    Layout.fillWidth: true
                }
                Label {
                    visible: !NodeStatus.hasValidatorKey
                    text: qsTr("This node holds no validator key, so it follows the chain without producing blocks.")
                    color: Theme.mutedText
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
                RowLayout {
                    visible: NodeStatus.hasValidatorKey
                    spacing: 8
                    Button {
                        objectName: "validatingButton"
                        text: NodeStatus.validating ? qsTr("Stop validating") : qsTr("Start validating")
                        enabled: !NodeStatus.validatorBusy
                        Accessible.name: text
                        onClicked: NodeStatus.setValidating(!NodeStatus.validating)
                    }
                    BusyIndicator { running: NodeStatus.validatorBusy; visible: running; implicitWidth: 24; implicitHeight: 24 }
                }
                Label {
                    visible: NodeStatus.validatorError.length > 0
                    text: NodeStatus.validatorError
                    textFormat: Text.PlainText
                    color: Theme.bad
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
            }

            // Recent activity: the wallet feature's list, when that module is built.
            Loader {
                id: activityLoader
                source: "qrc:/Cairn/Wallet/RecentActivity.qml"
                visible: status === Loader.Ready
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 1
            }
        }

        Item { Layout.preferredHeight: Theme.pagePadding }
    }
}
