import QtQuick
import QtQuick.Controls
import Cairn.Ui

// Copies `text` (the button's own text property: what to copy, never shown) to the clipboard and says
// so for a moment.
ToolButton {
    id: button
    property bool copied: false
    display: AbstractButton.TextOnly
    contentItem: Label {
        text: button.copied ? qsTr("Copied") : qsTr("Copy")
        color: Theme.accent
        font.pixelSize: Theme.smallSize
        horizontalAlignment: Text.AlignHCenter
    }
    Accessible.name: qsTr("Copy to clipboard")
    ToolTip.visible: hovered
    ToolTip.text: qsTr("Copy to clipboard")
    onClicked: {
        Clipboard.copy(button.text)
        copied = true
        resetTimer.restart()
    }
    Timer { id: resetTimer; interval: 1500; onTriggered: button.copied = false }
}
