import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A white panel with an optional title; children go in a column inside.
Pane {
    id: card
    property string title: ""
    default property alias content: column.data
    padding: 16
    background: Rectangle {
        color: Theme.surface
        radius: Theme.radius
        border.color: Theme.border
    }
    ColumnLayout {
        id: column
        anchors.fill: parent
        spacing: 8
        Label {
            visible: card.title.length > 0
            text: card.title
            font.pixelSize: Theme.headingSize
            font.bold: true
            color: Theme.text
            Layout.fillWidth: true
        }
    }
}
