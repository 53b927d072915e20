import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Ui.Wallet
import Cairn.Components
import "SendMath.js" as SendMath

// Send coins: recipient (checked as typed), amount in the user's unit with "Max", fee level with the
// fee shown, memo; Review asks the passphrase and sends; the result links to the explorer.
Item {
    id: page
    implicitWidth: 800
    implicitHeight: 640

    readonly property var levels: [
        { key: "economy", name: qsTr("Economy"), detail: qsTr("may take a few blocks") },
        { key: "normal", name: qsTr("Normal"), detail: qsTr("the next block or so") },
        { key: "priority", name: qsTr("Priority"), detail: qsTr("as soon as possible") }
    ]
    readonly property string level: levels[levelBox.currentIndex].key
    readonly property string spendable: wallet.current.spendable !== undefined ? wallet.current.spendable : ""
    readonly property var parsed: Units.parse(amountField.text)
    readonly property string recipientProblem: wallet.validateAddress(recipientField.text)
    readonly property string amountProblem: SendMath.amountProblem(amountField.text, parsed, spendable, wallet.fee)
    readonly property bool formValid: recipientProblem === "" && amountProblem === "" && wallet.fee !== "" && !wallet.feeBusy
    property string sentTxId: ""
    property string sendError: ""

    WalletController {
        id: wallet
        onOperationDone: (operation, ok, message) => {
            if (operation !== "send") return
            passField.text = ""
            if (ok) {
                reviewDialog.close()
                page.sentTxId = message
                page.sendError = ""
            } else {
                page.sendError = message
            }
        }
        onAccountsChanged: feeTimer.restart()
    }

    // The fee follows the form, a moment after the last keystroke.
    Timer {
        id: feeTimer
        interval: 300
        onTriggered: if (wallet.canSend) wallet.estimateFee(recipientField.text.trim(), page.parsed.ok ? page.parsed.baseUnits : "", page.level)
    }

    function resetForm() {
        recipientField.text = ""; amountField.text = ""; memoField.text = ""
        sentTxId = ""; sendError = ""
        recipientField.forceActiveFocus()
    }

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            width: scroll.availableWidth
            spacing: Theme.spacing

            PageHeader {
                title: qsTr("Send")
                subtitle: qsTr("Send coins to another address")
                Layout.fillWidth: true
                Layout.margins: Theme.pagePadding
                Layout.bottomMargin: 0
            }

            ColumnLayout {
                Layout.fillWidth: true
                Layout.leftMargin: Theme.pagePadding
                Layout.rightMargin: Theme.pagePadding
                Layout.maximumWidth: 760 + 2 * Theme.pagePadding
                spacing: Theme.spacing

                BusyIndicator { visible: !wallet.loaded; running: visible; Layout.alignment: Qt.AlignHCenter }

                NoWalletState {
                    visible: wallet.loaded && !wallet.exists
                    Layout.fillWidth: true
                    Layout.topMargin: 40
                    onWalletCreated: wallet.refresh()
                }
                Banner {
                    visible: wallet.loaded && wallet.exists && wallet.watchOnly
                    kind: "info"
                    text: qsTr("This is a watch-only wallet: it follows addresses but has no keys, so it cannot send. Restore the wallet from its recovery words to send.")
                    Layout.fillWidth: true
                }
                Banner {
                    visible: wallet.loaded && wallet.exists && !wallet.watchOnly && !wallet.confirmed
                    kind: "warn"
                    text: qsTr("Confirm your recovery words before sending: the wallet signs nothing until then.")
                    actionText: qsTr("Confirm now")
                    onActionTriggered: confirmDialog.open()
                    Layout.fillWidth: true
                }
                WalletSetupDialog { id: confirmDialog; onDone: wallet.refresh() }
                Banner {
                    visible: wallet.canSend && wallet.locked && page.sentTxId === ""
                    kind: "info"
                    text: qsTr("The wallet is locked. You will be asked for your passphrase when you review the transaction.")
                    Layout.fillWidth: true
                }

                // ---- the result ----
                Card {
                    visible: page.sentTxId !== ""
                    title: qsTr("Transaction sent")
                    Layout.fillWidth: true
                    Label {
                        text: qsTr("The network accepted your transaction. It is pending until a block includes it; you can follow it under Transactions.")
                        wrapMode: Text.WordWrap; color: Theme.mutedText; Layout.fillWidth: true
                    }
                    InfoRow {
                        label: qsTr("Transaction id")
                        value: page.sentTxId
                        mono: true
                        link: true
                        Layout.fillWidth: true
                        onActivated: Navigation.openExplorer("tx", page.sentTxId)
                    }
                    RowLayout {
                        Layout.topMargin: 8
                        Button { text: qsTr("View in explorer"); onClicked: Navigation.openExplorer("tx", page.sentTxId) }
                        Button { text: qsTr("Send another"); highlighted: true; onClicked: page.resetForm() }
                    }
                }

                // ---- the form ----
                Card {
                    visible: wallet.canSend && page.sentTxId === ""
                    Layout.fillWidth: true

                    Label { text: qsTr("From"); font.bold: true; color: Theme.text; visible: wallet.accounts.length > 1 }
                    ComboBox {
                        id: accountBox
                        visible: wallet.accounts.length > 1
                        model: wallet.accounts
                        textRole: "label"
                        currentIndex: wallet.currentAccount
                        onActivated: (index) => wallet.currentAccount = index
                        displayText: currentIndex >= 0 && wallet.accounts.length > currentIndex
                                     ? qsTr("%1 (%2 available)").arg(wallet.accounts[currentIndex].label).arg(Units.format(wallet.accounts[currentIndex].spendable))
                                     : ""
                        Accessible.name: qsTr("Account to send from")
                        Layout.fillWidth: true
                    }

                    Label { text: qsTr("Recipient"); font.bold: true; color: Theme.text; Layout.topMargin: 4 }
                    TextField {
                        id: recipientField
                        objectName: "recipientField"
                        placeholderText: Session.addressPrefix + "1…"
                        font.family: Theme.monoFamily
                        selectByMouse: true
                        Accessible.name: qsTr("Recipient address")
                        Layout.fillWidth: true
                        onTextChanged: feeTimer.restart()
                    }
                    Label {
                        text: recipientField.text.trim().length === 0 ? qsTr("The address starts with %1.").arg(Session.addressPrefix + "1")
                              : page.recipientProblem === "" ? qsTr("Valid address.") : page.recipientProblem
                        color: recipientField.text.trim().length === 0 ? Theme.mutedText : page.recipientProblem === "" ? Theme.good : Theme.bad
                        font.pixelSize: Theme.smallSize
                        wrapMode: Text.WordWrap
                        Layout.fillWidth: true
                        Accessible.role: Accessible.StaticText
                        Accessible.name: text
                    }

                    Label { text: qsTr("Amount"); font.bold: true; color: Theme.text; Layout.topMargin: 4 }
                    RowLayout {
                        Layout.fillWidth: true
                        TextField {
                            id: amountField
                            objectName: "amountField"
                            placeholderText: "0.00"
                            inputMethodHints: Qt.ImhFormattedNumbersOnly
                            selectByMouse: true
                            Accessible.name: qsTr("Amount in %1").arg(Units.unit)
                            Layout.fillWidth: true
                            onTextChanged: feeTimer.restart()
                        }
                        Label { text: Units.unit; color: Theme.mutedText }
                        Button {
                            text: qsTr("Max")
                            enabled: wallet.fee !== "" && page.spendable !== ""
                            Accessible.name: qsTr("Send the most this account can: what it can spend minus the fee")
                            ToolTip.visible: hovered
                            ToolTip.text: qsTr("What the account can spend, minus the fee")
                            onClicked: amountField.text = Units.format(SendMath.sub(page.spendable, wallet.fee), false).replace(/,/g, "")
                        }
                    }
                    Label {
                        text: amountField.text.length > 0 && page.amountProblem !== "" ? page.amountProblem
                              : qsTr("Available: %1").arg(Units.format(page.spendable))
                        color: amountField.text.length > 0 && page.amountProblem !== "" ? Theme.bad : Theme.mutedText
                        font.pixelSize: Theme.smallSize
                        wrapMode: Text.WordWrap
                        Layout.fillWidth: true
                    }

                    Label { text: qsTr("Fee"); font.bold: true; color: Theme.text; Layout.topMargin: 4 }
                    RowLayout {
                        Layout.fillWidth: true
                        ComboBox {
                            id: levelBox
                            model: page.levels
                            textRole: "name"
                            currentIndex: 1
                            Accessible.name: qsTr("Fee level")
                            onActivated: feeTimer.restart()
                            Layout.preferredWidth: 180
                        }
                        Label {
                            text: wallet.feeBusy ? qsTr("Estimating…")
                                  : wallet.fee !== "" ? qsTr("%1 — %2").arg(Units.format(wallet.fee)).arg(page.levels[levelBox.currentIndex].detail)
                                  : wallet.feeError
                            color: wallet.feeError !== "" && !wallet.feeBusy ? Theme.bad : Theme.text
                            wrapMode: Text.WordWrap
                            Layout.fillWidth: true
                        }
                    }

                    Label { text: qsTr("Memo (optional)"); font.bold: true; color: Theme.text; Layout.topMargin: 4 }
                    TextField {
                        id: memoField
                        maximumLength: 256
                        placeholderText: qsTr("Visible to everyone on the chain")
                        Accessible.name: qsTr("Memo, optional, public")
                        Layout.fillWidth: true
                    }

                    Button {
                        text: qsTr("Review")
                        highlighted: true
                        enabled: page.formValid
                        Layout.alignment: Qt.AlignRight
                        Layout.topMargin: 8
                        onClicked: { page.sendError = ""; reviewDialog.open() }
                    }
                }
            }
            Item { Layout.preferredHeight: Theme.pagePadding }
        }
    }

    Component.onCompleted: feeTimer.restart()

    // ---- review and passphrase ----
    Dialog {
        id: reviewDialog
        title: qsTr("Review the transaction")
        modal: true
        anchors.centerIn: Overlay.overlay
        width: Math.min(560, page.width - 40)
        closePolicy: wallet.busy ? Popup.NoAutoClose : Popup.CloseOnEscape
        onOpened: passField.forceActiveFocus()
        onClosed: passField.text = ""
        padding: 24
        background: Rectangle { color: Theme.surface; radius: Theme.radius; border.color: Theme.border }

        ColumnLayout {
            anchors.fill: parent
            spacing: 8
            InfoRow { label: qsTr("To"); value: recipientField.text.trim(); mono: true; Layout.fillWidth: true }
            InfoRow { label: qsTr("Amount"); value: page.parsed.ok ? Units.format(page.parsed.baseUnits) : ""; Layout.fillWidth: true }
            InfoRow { label: qsTr("Fee"); value: Units.format(wallet.fee) + " (" + page.levels[levelBox.currentIndex].name + ")"; Layout.fillWidth: true }
            InfoRow {
                label: qsTr("Total")
                value: page.parsed.ok && wallet.fee !== "" ? Units.format(SendMath.add(page.parsed.baseUnits, wallet.fee)) : ""
                Layout.fillWidth: true
            }
            InfoRow { visible: memoField.text.length > 0; label: qsTr("Memo"); value: memoField.text; Layout.fillWidth: true }
            InfoRow {
                visible: wallet.accounts.length > 1
                label: qsTr("From")
                value: wallet.current.label !== undefined ? wallet.current.label : ""
                Layout.fillWidth: true
            }
            Label { text: qsTr("Wallet passphrase"); font.bold: true; color: Theme.text; Layout.topMargin: 8 }
            TextField {
                id: passField
                objectName: "sendPassphrase"
                echoMode: TextInput.Password
                Accessible.name: qsTr("Wallet passphrase")
                Layout.fillWidth: true
                onAccepted: sendButton.clicked()
            }
            Banner { visible: page.sendError !== ""; kind: "error"; text: page.sendError; Layout.fillWidth: true }
            RowLayout {
                Layout.fillWidth: true
                Layout.topMargin: 8
                Item { Layout.fillWidth: true }
                BusyIndicator { running: wallet.busy; visible: running; implicitWidth: 32; implicitHeight: 32 }
                Button { text: qsTr("Cancel"); enabled: !wallet.busy; onClicked: reviewDialog.close() }
                Button {
                    id: sendButton
                objectName: "sendButton"
                    text: qsTr("Send")
                    highlighted: true
                    enabled: !wallet.busy && (passField.text.length > 0 || !wallet.locked)
                    onClicked: {
                        if (!enabled) return
                        page.sendError = ""
                        wallet.send(recipientField.text.trim(), page.parsed.baseUnits, page.level, memoField.text, passField.text)
                    }
                }
            }
        }
    }
}
