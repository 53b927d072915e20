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
                    visible: wallet.accounts.length > 1
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
}
