import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Ui.Wallet
import Cairn.Components

// The wallet's balances for the Overview page (loaded by URL): spendable, bonded, unbonding, rewards,
// summed over the wallet's accounts; without a wallet, the way to create or restore one.
Card {
    id: card
    title: qsTr("Wallet")
    implicitWidth: 420

    WalletController { id: wallet }

    BusyIndicator { visible: !wallet.loaded; running: visible; Layout.alignment: Qt.AlignHCenter }

    NoWalletState {
        visible: wallet.loaded && !wallet.exists
        Layout.fillWidth: true
        onWalletCreated: wallet.refresh()
    }

    ColumnLayout {
        visible: wallet.loaded && wallet.exists
        spacing: 8
        Layout.fillWidth: true

        RowLayout {
            Layout.fillWidth: true
            Label { text: qsTr("Spendable"); color: Theme.mutedText; Layout.fillWidth: true }
            StatusPill {
                visible: wallet.watchOnly || wallet.locked
                text: wallet.watchOnly ? qsTr("Watch-only") : qsTr("Locked")
                tone: wallet.watchOnly ? Theme.info : Theme.mutedText
            }
        }
        Label {
            text: Units.format(wallet.totals.spendable || "0")
            font.pixelSize: 28
            font.bold: true
            color: Theme.text
            elide: Text.ElideRight
            Layout.fillWidth: true
            Accessible.role: Accessible.StaticText
            Accessible.name: qsTr("Spendable balance %1").arg(text)
        }
        Banner {
            visible: !wallet.watchOnly && !wallet.confirmed
            kind: "warn"
            text: qsTr("Confirm your recovery words to start sending.")
            actionText: qsTr("Confirm now")
            onActionTriggered: confirmDialog.open()
            Layout.fillWidth: true
        }
        WalletSetupDialog { id: confirmDialog; onDone: wallet.refresh() }
        Label {
            visible: (wallet.totals.pendingOut || "0") !== "0"
            text: qsTr("%1 on its way out in pending transactions").arg(Units.format(wallet.totals.pendingOut || "0"))
            color: Theme.warn
            font.pixelSize: Theme.smallSize
        }
        GridLayout {
            columns: 3
            columnSpacing: 24
            Layout.topMargin: 6
            Layout.fillWidth: true
            Repeater {
                model: [
                    { name: qsTr("Bonded"), key: "bonded" },
                    { name: qsTr("Unbonding"), key: "unbonding" },
                    { name: qsTr("Rewards"), key: "rewards" }
                ]
                ColumnLayout {
                    required property var modelData
                    spacing: 2
                    Layout.fillWidth: true
                    Label { text: modelData.name; color: Theme.mutedText; font.pixelSize: Theme.smallSize }
                    Label {
                        text: Units.format(wallet.totals[modelData.key] || "0")
                        color: Theme.text
                        font.pixelSize: Theme.headingSize
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                        Accessible.name: modelData.name + " " + text
                    }
                }
            }
        }
        Label {
            visible: wallet.accounts.length > 1
            text: qsTr("Across %n account(s)", "", wallet.accounts.length)
            color: Theme.mutedText
            font.pixelSize: Theme.smallSize
        }
        RowLayout {
            Layout.topMargin: 6
            Button { text: qsTr("Send"); enabled: wallet.canSend; onClicked: Navigation.openPage("send") }
            Button { text: qsTr("Receive"); onClicked: Navigation.openPage("receive") }
        }
    }
}
