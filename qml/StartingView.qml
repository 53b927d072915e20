import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Components

// While the node opens its database (or when it could not start): never a blank or frozen window.
Rectangle {
    color: Theme.background
    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 560)
        spacing: 16
        BusyIndicator {
            running: Session.state === Session.Starting || Session.state === Session.Stopping
            visible: running
            Layout.alignment: Qt.AlignHCenter
        }
        Label {
            text: Session.state === Session.Failed ? qsTr("Cairn could not start")
                : Session.state === Session.Stopping ? qsTr("Stopping the node…")
                : qsTr("Starting the Cairn node…")
            font.pixelSize: Theme.titleSize
            color: Theme.text
            Layout.alignment: Qt.AlignHCenter
        }
        Label {
            visible: Session.state === Session.Starting
            text: qsTr("Opening the chain database in %1").arg(AppSettings.dataDir)
            color: Theme.mutedText
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            Layout.fillWidth: true
        }
        Banner {
            visible: Session.state === Session.Failed
            kind: "error"
            text: Session.errorText + (Session.logPath.length > 0 ? "\n" + qsTr("Details: %1").arg(Session.logPath) : "")
            Layout.fillWidth: true
        }
        RowLayout {
            visible: Session.state === Session.Failed
            Layout.alignment: Qt.AlignHCenter
            Button {
                text: qsTr("Try again")
                highlighted: true
                onClicked: Session.start(AppSettings.network, AppSettings.dataDir)
            }
            Button {
                text: qsTr("Choose another network or folder")
                onClicked: AppSettings.firstRunDone = false
            }
        }
    }
}
