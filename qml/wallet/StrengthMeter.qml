import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Components

// Four bars and a hint under a new passphrase: how hard it is to guess (WalletController.passphraseStrength).
ColumnLayout {
    id: meter
    property int score: 0
    property string hint: ""
    property bool empty: true
    readonly property var names: [qsTr("Very weak"), qsTr("Weak"), qsTr("Fair"), qsTr("Good"), qsTr("Strong")]
    readonly property color tone: score <= 1 ? Theme.bad : score === 2 ? Theme.warn : Theme.good
    spacing: 4
    Accessible.role: Accessible.Indicator
    Accessible.name: qsTr("Passphrase strength: %1. %2").arg(names[score]).arg(hint)
    RowLayout {
        spacing: 4
        Layout.fillWidth: true
        Repeater {
            model: 4
            Rectangle {
                id: bar
                required property int index
                height: 5
                radius: 2
                Layout.fillWidth: true
                color: !meter.empty && meter.score > bar.index ? meter.tone : Theme.border
            }
        }
        Label {
            visible: !meter.empty
            text: meter.names[meter.score]
            color: meter.tone
            font.pixelSize: Theme.smallSize
            font.bold: true
            Layout.leftMargin: 6
        }
    }
    Label {
        visible: !meter.empty
        text: meter.hint
        color: Theme.mutedText
        font.pixelSize: Theme.smallSize
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
}
