import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Ui.Wallet
import Cairn.Components

// Receive: the selected account's address, large and copyable, with its QR code.
Item {
    id: page
    implicitWidth: 800
    implicitHeight: 640

    WalletController { id: wallet }

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            width: scroll.availableWidth
            spacing: Theme.spacing

            PageHeader {
                title: qsTr("Receive")
                subtitle: qsTr("Give this address to whoever sends you coins")
                Layout.fillWidth: true
                Layout.margins: Theme.pagePadding
                Layout.bottomMargin: 0
            }

            BusyIndicator { visible: !wallet.loaded; running: visible; Layout.alignment: Qt.AlignHCenter }

            NoWalletState {
                visible: wallet.loaded && !wallet.exists
                Layout.fillWidth: true
                Layout.topMargin: 40
                onWalletCreated: wallet.refresh()
            }

            Card {
                visible: wallet.loaded && wallet.exists && wallet.receiveAddress !== ""
                Layout.leftMargin: Theme.pagePadding
                Layout.rightMargin: Theme.pagePadding
                Layout.fillWidth: true
                Layout.maximumWidth: 760

                RowLayout {
                    visible: !wallet.watchOnly
                    Layout.fillWidth: true
                    Label { text: qsTr("Account"); color: Theme.mutedText }
                    ComboBox {
                        model: wallet.accounts
                        textRole: "label"
                        currentIndex: wallet.currentAccount
                        onActivated: (index) => wallet.currentAccount = index
                        Accessible.name: qsTr("Account to receive to")
                        Layout.preferredWidth: 260
                    }
                    Button {
                        text: qsTr("Rename…")
                        onClicked: { accountDialog.renaming = true; accountDialog.open() }
                    }
                    Button {
                        text: qsTr("New account…")
                        onClicked: { accountDialog.renaming = false; accountDialog.open() }
                    }
                    Item { Layout.fillWidth: true }
                }

                Banner {
                    visible: wallet.watchOnly
                    kind: "info"
                    text: qsTr("This is a watched address: coins sent here arrive, but this wallet has no key to spend them.")
                    Layout.fillWidth: true
                }

                Label { text: qsTr("Your address"); color: Theme.mutedText; Layout.topMargin: 8 }
                RowLayout {
                    Layout.fillWidth: true
                    TextEdit {
                        id: addressText
                        text: wallet.receiveAddress
                        readOnly: true
                        selectByMouse: true
                        textFormat: TextEdit.PlainText
                        wrapMode: TextEdit.WrapAnywhere
                        font.family: Theme.monoFamily
                        font.pixelSize: 20
                        color: Theme.text
                        Layout.fillWidth: true
                        Accessible.role: Accessible.StaticText
                        Accessible.name: qsTr("Receive address %1").arg(text)
                    }
                    CopyButton { text: wallet.receiveAddress }
                }

                Rectangle {
                    Layout.alignment: Qt.AlignHCenter
                    Layout.topMargin: 12
                    implicitWidth: 260
                    implicitHeight: 260
                    color: "white"
                    border.color: Theme.border
                    radius: Theme.radius
                    QrCode {
                        anchors.fill: parent
                        anchors.margins: 6
                        text: wallet.receiveAddress
                        Accessible.role: Accessible.Graphic
                        Accessible.name: qsTr("QR code of the address")
                    }
                }
                Label {
                    text: qsTr("Scan with a phone wallet, or copy the address. Only send Cairn on this network (%1) to it.").arg(Session.network)
                    color: Theme.mutedText
                    wrapMode: Text.WordWrap
                    horizontalAlignment: Text.AlignHCenter
                    Layout.fillWidth: true
                }
            }
            Item { Layout.preferredHeight: Theme.pagePadding }
        }
    }

    // New account (derived from the same recovery words) or a new name for the current one.
    Dialog {
        id: accountDialog
        property bool renaming: false
        property string error: ""
        anchors.centerIn: parent
        width: Math.min(page.width - 80, 460)
        modal: true
        title: renaming ? qsTr("Rename the account") : qsTr("New account")
        background: Rectangle { color: Theme.surface; radius: Theme.radius; border.color: Theme.border }
        onOpened: {
            error = ""
            nameField.text = renaming && wallet.current.label !== undefined ? wallet.current.label : ""
            accountPass.text = ""
            nameField.forceActiveFocus()
        }
        onClosed: accountPass.text = ""
        ColumnLayout {
            anchors.fill: parent
            spacing: 8
            Label {
                visible: !accountDialog.renaming
                text: qsTr("Each account has its own address; all come from your recovery words, so the same words restore them all.")
                wrapMode: Text.WordWrap
                color: Theme.mutedText
                Layout.fillWidth: true
            }
            Label { text: qsTr("Name"); font.bold: true; color: Theme.text }
            TextField {
                id: nameField
                objectName: "accountNameField"
                placeholderText: qsTr("e.g. Savings")
                Accessible.name: qsTr("Account name")
                Layout.fillWidth: true
            }
            Label {
                visible: !accountDialog.renaming && wallet.locked
                text: qsTr("Wallet passphrase")
                font.bold: true
                color: Theme.text
            }
            TextField {
                id: accountPass
                objectName: "accountPassphrase"
                visible: !accountDialog.renaming && wallet.locked
                echoMode: TextInput.Password
                Accessible.name: qsTr("Wallet passphrase")
                Layout.fillWidth: true
            }
            Banner { visible: accountDialog.error.length > 0; kind: "error"; text: accountDialog.error; Layout.fillWidth: true }
            RowLayout {
                Layout.fillWidth: true
                Item { Layout.fillWidth: true }
                BusyIndicator { running: wallet.busy; visible: running; implicitWidth: 28; implicitHeight: 28 }
                Button { text: qsTr("Cancel"); enabled: !wallet.busy; onClicked: accountDialog.close() }
                Button {
                    objectName: "accountDialogOk"
                    text: accountDialog.renaming ? qsTr("Rename") : qsTr("Create account")
                    enabled: !wallet.busy && nameField.text.trim().length > 0
                    onClicked: {
                        accountDialog.error = ""
                        if (accountDialog.renaming) wallet.renameAccount(wallet.current.index, nameField.text)
                        else wallet.createAccount(nameField.text, accountPass.text)
                    }
                }
            }
        }
        Connections {
            target: wallet
            function onOperationDone(operation, ok, message) {
                if (operation !== "createAccount" && operation !== "renameAccount") return
                accountPass.text = ""
                if (ok) accountDialog.close()
                else accountDialog.error = message
            }
        }
    }
}
