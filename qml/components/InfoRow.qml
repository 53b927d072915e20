import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// "Label   value" with a selectable value (plain text: values may come from the network), an optional
// monospace face for hashes and addresses, an optional copy button and an optional link action.
RowLayout {
    id: row
    property string label: ""
    property string value: ""
    property bool mono: false
    property bool copyable: false
    property bool link: false
    signal activated()
    spacing: Theme.spacing
    Label {
        text: row.label
        color: Theme.mutedText
        Layout.preferredWidth: 160
        Layout.alignment: Qt.AlignTop
    }
    TextEdit {
        id: valueText
        visible: !row.link
        text: row.value
        readOnly: true
        selectByMouse: true
        textFormat: TextEdit.PlainText
        wrapMode: TextEdit.Wrap
        font.family: row.mono ? Theme.monoFamily : font.family
        font.pixelSize: Theme.bodySize
        color: Theme.text
        Layout.fillWidth: true
        Layout.alignment: Qt.AlignTop
    }
    Label {
        visible: row.link
        text: row.value
        textFormat: Text.PlainText
        font.family: row.mono ? Theme.monoFamily : font.family
        font.underline: linkArea.containsMouse
        color: Theme.accent
        elide: Text.ElideMiddle
        Layout.fillWidth: true
        MouseArea {
            id: linkArea
            anchors.fill: parent
            hoverEnabled: true
            cursorShape: Qt.PointingHandCursor
            onClicked: row.activated()
        }
        Accessible.role: Accessible.Link
        Accessible.name: row.label + " " + row.value
    }
    CopyButton { visible: row.copyable; text: row.value; Layout.alignment: Qt.AlignTop; Layout.topMargin: -6 }
}
