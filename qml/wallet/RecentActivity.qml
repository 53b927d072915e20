import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Ui.Wallet
import Cairn.Components

// The wallet's last five transactions for the Overview page (loaded by URL), with "See all".
Card {
    id: card
    title: qsTr("Recent activity")
    implicitWidth: 420

    HistoryModel { id: history; pageSize: 5 }

    Repeater {
        id: rows
        model: history
        delegate: RowLayout {
            id: entry
            required property int index
            required property string kind
            required property string status
            required property bool outgoing
            required property string counterparty
            required property string amount
            required property real timestampMs
            required property string txId
            visible: entry.index < 5
            spacing: 10
            Layout.fillWidth: true
            Accessible.role: Accessible.ListItem
            Accessible.name: entry.kind + ", " + amountLabel.text + ", " + entry.status
            ColumnLayout {
                spacing: 0
                Layout.fillWidth: true
                Label { text: entry.kind; color: Theme.text; font.bold: true }
                Label {
                    text: Qt.formatDateTime(new Date(entry.timestampMs), "yyyy-MM-dd hh:mm") + (entry.counterparty !== "" ? "  ·  " + entry.counterparty : "")
                    textFormat: Text.PlainText
                    color: Theme.mutedText
                    font.pixelSize: Theme.smallSize
                    elide: Text.ElideMiddle
                    Layout.fillWidth: true
                }
            }
            Label {
                id: amountLabel
                text: entry.amount === "0" ? "—" : (entry.outgoing ? "−" : "+") + Units.format(entry.amount)
                color: entry.amount === "0" ? Theme.mutedText : entry.outgoing ? Theme.bad : Theme.good
                font.bold: true
            }
            StatusPill {
                text: entry.status === "finalized" ? qsTr("Finalized") : entry.status === "included" ? qsTr("Included")
                    : entry.status === "pending" ? qsTr("Pending") : entry.status === "failed" ? qsTr("Failed") : qsTr("Expired")
                tone: entry.status === "finalized" ? Theme.good : entry.status === "included" ? Theme.info
                    : entry.status === "pending" ? Theme.warn : Theme.bad
            }
        }
    }

    Label {
        visible: history.loaded && history.count === 0 && history.error === ""
        text: qsTr("No transactions yet.")
        color: Theme.mutedText
        Layout.alignment: Qt.AlignHCenter
        Layout.topMargin: 8
        Layout.bottomMargin: 8
    }
    Label {
        visible: history.error !== ""
        text: history.error
        color: Theme.bad
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
    Button {
        text: qsTr("See all")
        flat: true
        Layout.alignment: Qt.AlignRight
        Accessible.name: qsTr("See all transactions")
        onClicked: Navigation.openPage("transactions")
    }
}
