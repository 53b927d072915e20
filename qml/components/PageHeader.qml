import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The title line of a page, with an optional subtitle and room for actions on the right.
RowLayout {
    id: header
    property string title: ""
    property string subtitle: ""
    default property alias actions: actionRow.data
    spacing: Theme.spacing
    ColumnLayout {
        spacing: 2
        Layout.fillWidth: true
        Label {
            text: header.title
            font.pixelSize: Theme.titleSize
            font.bold: true
            color: Theme.text
            Accessible.role: Accessible.Heading
        }
        Label {
            visible: header.subtitle.length > 0
            text: header.subtitle
            color: Theme.mutedText
            textFormat: Text.PlainText
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
    }
    RowLayout { id: actionRow; spacing: 8 }
}
