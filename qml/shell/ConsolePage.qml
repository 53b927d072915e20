import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Ui.Shell
import Cairn.Components

// The node's RPC methods typed by hand: a transcript above, a command line below, a hint line.
Item {
    id: page

    ConsoleController { id: console_ }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.pagePadding
        spacing: Theme.spacing

        PageHeader {
            title: qsTr("Console")
            subtitle: qsTr("The node's RPC methods, run inside the app.")
            Layout.fillWidth: true
            Button {
                text: qsTr("Copy all")
                enabled: output.count > 0
                onClicked: Clipboard.copy(console_.output.allText())
                Accessible.name: qsTr("Copy the whole transcript")
            }
            Button {
                text: qsTr("Clear")
                onClicked: console_.output.clear()
                Accessible.name: qsTr("Clear the transcript")
            }
        }

        Rectangle {
            color: Theme.surface
            border.color: Theme.border
            radius: Theme.radius
            Layout.fillWidth: true
            Layout.fillHeight: true

            ListView {
                id: output
                objectName: "consoleOutput"
                anchors.fill: parent
                anchors.margins: 10
                clip: true
                spacing: 6
                model: console_.output
                ScrollBar.vertical: ScrollBar {}
                onCountChanged: Qt.callLater(positionViewAtEnd)
                delegate: TextEdit {
                    required property var model
                    readonly property int kind: model.kind
                    text: (kind === ConsoleOutputModel.Command ? "> " : "") + model.text
                    width: ListView.view ? ListView.view.width - 12 : 0
                    readOnly: true
                    selectByMouse: true
                    textFormat: TextEdit.PlainText
                    wrapMode: TextEdit.WrapAtWordBoundaryOrAnywhere
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.bodySize
                    color: kind === ConsoleOutputModel.Error ? Theme.bad
                         : kind === ConsoleOutputModel.Command ? Theme.accent
                         : kind === ConsoleOutputModel.Info ? Theme.mutedText : Theme.text
                    font.bold: kind === ConsoleOutputModel.Command
                }
            }
        }

        // A secret parameter, asked for after Enter: never part of the command line or its history.
        RowLayout {
            objectName: "secretRow"
            visible: console_.secretPrompt.length > 0
            spacing: 8
            Layout.fillWidth: true
            Label { text: qsTr("%1 (hidden):").arg(console_.secretPrompt); color: Theme.text }
            TextField {
                id: secretField
                objectName: "secretField"
                echoMode: TextInput.Password
                Layout.fillWidth: true
                Accessible.name: qsTr("Secret parameter %1").arg(console_.secretPrompt)
                onAccepted: { console_.provideSecret(text); text = "" }
                Keys.onEscapePressed: { text = ""; console_.cancelSecret() }
            }
            Button { text: qsTr("OK"); onClicked: { console_.provideSecret(secretField.text); secretField.text = "" } }
            Button { text: qsTr("Cancel"); onClicked: { secretField.text = ""; console_.cancelSecret() } }
        }

        RowLayout {
            spacing: 8
            Layout.fillWidth: true
            visible: console_.secretPrompt.length === 0
            Label { text: ">"; font.family: Theme.monoFamily; font.bold: true; color: Theme.accent }
            TextField {
                id: input
                objectName: "consoleInput"
                font.family: Theme.monoFamily
                enabled: console_.available && !console_.busy
                placeholderText: console_.available ? qsTr("e.g. chain.head, or help") : qsTr("The node is not running.")
                Layout.fillWidth: true
                Accessible.name: qsTr("Console command")
                focus: true
                onTextEdited: console_.updateHint(text)
                onAccepted: {
                    const line = text
                    text = ""
                    console_.run(line)
                    console_.updateHint("")
                }
                Keys.onUpPressed: text = console_.historyUp(text)
                Keys.onDownPressed: text = console_.historyDown()
                Keys.onTabPressed: (event) => { text = console_.complete(text); event.accepted = true }
            }
            BusyIndicator { running: console_.busy; visible: running; implicitWidth: 24; implicitHeight: 24 }
        }
        Label {
            objectName: "hintLine"
            text: console_.hint
            textFormat: Text.PlainText
            color: Theme.mutedText
            font.pixelSize: Theme.smallSize
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
    }

    Component.onCompleted: console_.updateHint("")

    Connections {
        target: console_
        function onSecretPromptChanged() {
            if (console_.secretPrompt.length > 0) secretField.forceActiveFocus()
            else input.forceActiveFocus()
        }
    }
}
