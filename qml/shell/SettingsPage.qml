import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Ui.Shell
import Cairn.Components

// Preferences: language and units apply at once; network, data folder and RPC at the next start.
ScrollView {
    id: page
    contentWidth: availableWidth
    clip: true

    SettingsController { id: controller }

    component FieldLabel: Label {
        color: Theme.text
        Layout.preferredWidth: 200
        Layout.alignment: Qt.AlignVCenter
    }
    component ErrorText: Label {
        color: Theme.bad
        textFormat: Text.PlainText
        wrapMode: Text.WordWrap
        visible: text.length > 0
        Layout.fillWidth: true
    }

    ColumnLayout {
        width: page.availableWidth
        spacing: Theme.spacing

        PageHeader {
            title: qsTr("Settings")
            subtitle: qsTr("Changes are saved at once.")
            Layout.fillWidth: true
            Layout.margins: Theme.pagePadding
            Layout.bottomMargin: 0
        }

        Banner {
            objectName: "restartBanner"
            visible: controller.restartNeeded
            kind: "info"
            text: qsTr("Some changes apply at the next start of Cairn.")
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
        }

        Card {
            title: qsTr("Appearance")
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            GridLayout {
                columns: 2
                columnSpacing: Theme.spacing
                rowSpacing: 8
                Layout.fillWidth: true
                FieldLabel { text: qsTr("Language") }
                ComboBox {
                    id: languageBox
                    objectName: "languageBox"
                    textRole: "text"
                    valueRole: "value"
                    // Language names stay in their own language, so anyone can find theirs.
                    model: [
                        { text: qsTr("System default"), value: "" },
                        { text: "English", value: "en" },
                        { text: "Deutsch", value: "de" }
                    ]
                    Component.onCompleted: currentIndex = indexOfValue(AppSettings.language)
                    onActivated: {
                        AppSettings.language = currentValue
                        Language.apply(currentValue)
                    }
                    Accessible.name: qsTr("Language")
                    Layout.preferredWidth: 300
                }
                FieldLabel { text: qsTr("Amounts in") }
                ComboBox {
                    id: unitBox
                    model: ["CAIRN", "mCAIRN", "uCAIRN"]
                    Component.onCompleted: currentIndex = Math.max(0, find(AppSettings.unit))
                    onActivated: AppSettings.unit = currentText
                    Accessible.name: qsTr("Unit of amounts")
                    Layout.preferredWidth: 300
                }
            }
        }

        Card {
            title: qsTr("Wallet and staking")
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            GridLayout {
                columns: 2
                columnSpacing: Theme.spacing
                rowSpacing: 8
                Layout.fillWidth: true
                FieldLabel { text: qsTr("Lock the wallet after") }
                RowLayout {
                    spacing: 8
                    TextField {
                        id: autoLockField
                        text: String(AppSettings.autoLockMinutes)
                        inputMethodHints: Qt.ImhDigitsOnly
                        Layout.preferredWidth: 80
                        Accessible.name: qsTr("Minutes before the wallet locks itself")
                        onEditingFinished: controller.setAutoLockMinutes(text)
                    }
                    Label { text: qsTr("minutes idle (0: never)"); color: Theme.mutedText }
                }
                Item { width: 1; visible: autoLockError.visible }
                ErrorText { id: autoLockError; text: controller.autoLockError(autoLockField.text) }
                FieldLabel { text: qsTr("Validating") }
                CheckBox {
                    text: qsTr("Start validating when Cairn starts")
                    checked: AppSettings.validateOnLaunch
                    onToggled: AppSettings.validateOnLaunch = checked
                }
            }
        }

        Card {
            title: qsTr("Node")
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            Label {
                text: qsTr("These apply at the next start.")
                color: Theme.mutedText
            }
            GridLayout {
                columns: 2
                columnSpacing: Theme.spacing
                rowSpacing: 8
                Layout.fillWidth: true
                FieldLabel { text: qsTr("Network") }
                ComboBox {
                    textRole: "text"
                    valueRole: "value"
                    model: [
                        { text: qsTr("Devnet (this computer only)"), value: "devnet" },
                        { text: qsTr("Testnet"), value: "testnet" }
                    ]
                    Component.onCompleted: currentIndex = indexOfValue(AppSettings.network)
                    onActivated: AppSettings.network = currentValue
                    Accessible.name: qsTr("Network")
                    Layout.preferredWidth: 300
                }
                FieldLabel { text: qsTr("Data folder") }
                RowLayout {
                    spacing: 8
                    Layout.fillWidth: true
                    TextField {
                        id: dataDirField
                        text: AppSettings.dataDir
                        font.family: Theme.monoFamily
                        Layout.fillWidth: true
                        Accessible.name: qsTr("Data folder")
                        onEditingFinished: controller.setDataDir(text)
                    }
                    Button {
                        text: qsTr("Default")
                        enabled: dataDirField.text !== AppSettings.defaultDataDir
                        onClicked: {
                            dataDirField.text = AppSettings.defaultDataDir
                            controller.setDataDir(dataDirField.text)
                        }
                    }
                }
                Item { width: 1; visible: dataDirError.visible }
                ErrorText { id: dataDirError; text: controller.dataDirError(dataDirField.text) }
                FieldLabel { text: qsTr("RPC server") }
                CheckBox {
                    text: qsTr("Let other programs on this computer use the node (JSON-RPC)")
                    checked: AppSettings.rpcEnabled
                    onToggled: AppSettings.rpcEnabled = checked
                }
                FieldLabel { text: qsTr("RPC port") }
                TextField {
                    id: portField
                    enabled: AppSettings.rpcEnabled
                    text: AppSettings.rpcPort > 0 ? String(AppSettings.rpcPort) : ""
                    placeholderText: qsTr("network default")
                    inputMethodHints: Qt.ImhDigitsOnly
                    Layout.preferredWidth: 160
                    Accessible.name: qsTr("RPC port")
                    onEditingFinished: controller.setRpcPort(text)
                }
                Item { width: 1; visible: portError.visible }
                ErrorText { id: portError; objectName: "portError"; text: controller.portError(portField.text) }
            }
        }

        Item { Layout.preferredHeight: Theme.pagePadding }
    }
}
