import QtQuick
import QtQuick.Controls

// A small rounded label: finality of a block, status of a transaction.
Rectangle {
    id: pill
    property string text: ""
    property color tone: Theme.mutedText
    implicitWidth: label.implicitWidth + 14
    implicitHeight: label.implicitHeight + 4
    radius: height / 2
    color: Qt.lighter(tone, 1.85)
    Label {
        id: label
        anchors.centerIn: parent
        text: pill.text
        color: pill.tone
        font.pixelSize: Theme.smallSize
        font.bold: true
    }
}
