import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// What a list shows while it has nothing to show: a sentence and, optionally, what to do.
ColumnLayout {
    id: empty
    property string text: ""
    property string hint: ""
    spacing: 4
    Label {
        text: empty.text
        color: Theme.mutedText
        font.pixelSize: Theme.headingSize
        Layout.alignment: Qt.AlignHCenter
    }
    Label {
        visible: empty.hint.length > 0
        text: empty.hint
        color: Theme.mutedText
        Layout.alignment: Qt.AlignHCenter
    }
}
