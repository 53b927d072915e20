import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A full-width strip for conditions the user must know about (syncing, offline, locked, fatal).
// kind: "info", "warn" or "error". An optional action button on the right.
Rectangle {
    id: banner
    property string kind: "info"
    property string text: ""
    property string actionText: ""
    signal actionTriggered()
    readonly property color tone: kind === "error" ? Theme.bad : kind === "warn" ? Theme.warn : Theme.info
    implicitHeight: row.implicitHeight + 16
    color: Qt.rgba(tone.r, tone.g, tone.b, 0.10)
    border.color: Qt.rgba(tone.r, tone.g, tone.b, 0.45)
    radius: 4
    Accessible.role: Accessible.AlertMessage
    Accessible.name: text
    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 12
        anchors.rightMargin: 8
        spacing: 8
        Rectangle { width: 8; height: 8; radius: 4; color: banner.tone }
        Label {
            text: banner.text
            textFormat: Text.PlainText
            wrapMode: Text.WordWrap
            color: Theme.text
            Layout.fillWidth: true
        }
        Button {
            visible: banner.actionText.length > 0
            text: banner.actionText
            flat: true
            onClicked: banner.actionTriggered()
        }
    }
}
