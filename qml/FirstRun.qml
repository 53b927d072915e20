import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Components

// First run: network and data folder, the node's start, then the wallet (create, restore, watch-only
// or later). AppSettings.firstRunDone is set only at the end, so a user who quits half-way starts here
// again.
Rectangle {
    id: firstRun
    color: Theme.background
    property int step: Session.running ? 2 : (Session.state === Session.Starting || Session.state === Session.Failed ? 1 : 0)

    function finish() { AppSettings.firstRunDone = true }

    Pane {
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 720)
        height: Math.min(parent.height - 60, 640)
        padding: 32
        background: Rectangle { color: Theme.surface; radius: Theme.radius; border.color: Theme.border }

        StackLayout {
            anchors.fill: parent
            currentIndex: firstRun.step

            // ---- 0: network and folder ----
            ColumnLayout {
                spacing: 14
                Label {
                    text: qsTr("Welcome to Cairn")
                    font.pixelSize: 28
                    font.bold: true
                    color: Theme.text
                }
                Label {
                    text: qsTr("Cairn is a full node, a wallet and a validator of the Cairn chain in one program. Choose the network to join and where its data should live.")
                    wrapMode: Text.WordWrap
                    color: Theme.mutedText
                    Layout.fillWidth: true
                }
                Label { text: qsTr("Network"); font.bold: true; color: Theme.text; Layout.topMargin: 8 }
                ButtonGroup { id: networkGroup }
                RadioButton {
                    id: devnetChoice
                    checked: AppSettings.network !== "testnet"
                    ButtonGroup.group: networkGroup
                    text: qsTr("Devnet (recommended to try Cairn)")
                }
                Label {
                    text: qsTr("A local chain on this computer, with this node as its validator and your test funds.")
                    color: Theme.mutedText
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                    Layout.leftMargin: 40
                    Layout.topMargin: -12
                }
                RadioButton {
                    id: testnetChoice
                    checked: AppSettings.network === "testnet"
                    ButtonGroup.group: networkGroup
                    text: qsTr("Testnet")
                }
                Label {
                    text: qsTr("The public test network. It needs peer-to-peer networking, which this version of Cairn does not have yet.")
                    color: Theme.mutedText
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                    Layout.leftMargin: 40
                    Layout.topMargin: -12
                }
                Label { text: qsTr("Data folder"); font.bold: true; color: Theme.text; Layout.topMargin: 8 }
                RowLayout {
                    Layout.fillWidth: true
                    TextField {
                        id: folderField
                        text: AppSettings.dataDir
                        selectByMouse: true
                        Layout.fillWidth: true
                        Accessible.name: qsTr("Data folder")
                    }
                    Button { text: qsTr("Browse…"); onClicked: folderDialog.open() }
                }
                Label {
                    text: qsTr("The chain, your wallet file and the log go to %1/%2.").arg(folderField.text).arg(devnetChoice.checked ? "devnet" : "testnet")
                    color: Theme.mutedText
                    font.pixelSize: Theme.smallSize
                    wrapMode: Text.WrapAnywhere
                    Layout.fillWidth: true
                }
                Label {
                    id: folderError
                    visible: text.length > 0
                    color: Theme.bad
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
                Item { Layout.fillHeight: true }
                Button {
                    text: qsTr("Start the node")
                    highlighted: true
                    Layout.alignment: Qt.AlignRight
                    onClicked: {
                        const dir = folderField.text.trim()
                        if (dir.length === 0 || dir[0] !== "/") {
                            folderError.text = qsTr("Enter an absolute folder path, such as %1.").arg(AppSettings.defaultDataDir)
                            return
                        }
                        folderError.text = ""
                        AppSettings.network = devnetChoice.checked ? "devnet" : "testnet"
                        AppSettings.dataDir = dir
                        Session.start(AppSettings.network, AppSettings.dataDir)
                    }
                }
                FolderDialog {
                    id: folderDialog
                    title: qsTr("Choose the data folder")
                    onAccepted: folderField.text = decodeURIComponent(selectedFolder.toString().replace(/^file:\/\//, ""))
                }
            }

            // ---- 1: the node starts (or could not) ----
            ColumnLayout {
                spacing: 16
                Item { Layout.fillHeight: true }
                BusyIndicator {
                    running: Session.state === Session.Starting
                    visible: running
                    Layout.alignment: Qt.AlignHCenter
                }
                Label {
                    text: Session.state === Session.Failed ? qsTr("The node could not start") : qsTr("Starting the node…")
                    font.pixelSize: Theme.titleSize
                    color: Theme.text
                    Layout.alignment: Qt.AlignHCenter
                }
                Banner {
                    visible: Session.state === Session.Failed
                    kind: "error"
                    text: Session.errorText
                    Layout.fillWidth: true
                }
                Button {
                    visible: Session.state === Session.Failed
                    text: qsTr("Back")
                    Layout.alignment: Qt.AlignHCenter
                    onClicked: Session.reset()
                }
                Item { Layout.fillHeight: true }
            }

            // ---- 2: the wallet ----
            Loader {
                id: walletSetup
                active: firstRun.step === 2
                source: "qrc:/Cairn/Wallet/WalletSetup.qml"
                Connections {
                    target: walletSetup.item
                    ignoreUnknownSignals: true
                    function onFinished() { firstRun.finish() }
                }
            }
        }
    }
}
