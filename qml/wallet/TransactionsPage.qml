import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Ui.Wallet
import Cairn.Components

// The wallet's transactions: filters (kind, dates, search), the list, details of one, CSV export.
Item {
    id: page
    implicitWidth: 900
    implicitHeight: 640

    property var selected: ({})
    property string exportMessage: ""
    property bool exportOk: true

    function statusTone(status) {
        return status === "finalized" ? Theme.good : status === "included" ? Theme.info
             : status === "pending" ? Theme.warn : Theme.bad
    }
    function statusText(status) {
        return status === "finalized" ? qsTr("Finalized") : status === "included" ? qsTr("Included")
             : status === "pending" ? qsTr("Pending") : status === "failed" ? qsTr("Failed") : qsTr("Expired")
    }
    function signedAmount(outgoing, amount) {
        if (amount === "0") return "—"
        return (outgoing ? "−" : "+") + Units.format(amount)
    }
    // "2024-03-01" -> ms at the start (or end) of that local day; 0 for empty; NaN for bad text.
    function dayMs(text, endOfDay) {
        const t = text.trim()
        if (t.length === 0) return 0
        const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t)
        if (!m) return NaN
        const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), endOfDay ? 23 : 0, endOfDay ? 59 : 0, endOfDay ? 59 : 0, endOfDay ? 999 : 0)
        return d.getMonth() === Number(m[2]) - 1 ? d.getTime() : NaN
    }
    readonly property real fromMs: dayMs(fromField.text, false)
    readonly property real toMs: dayMs(toField.text, true)

    WalletController { id: wallet }
    HistoryModel {
        id: history
        onExportDone: (ok, message) => { page.exportOk = ok; page.exportMessage = message }
    }
    HistoryFilterModel {
        id: filtered
        sourceModel: history
        kind: kindBox.currentIndex > 0 ? history.kindKeys()[kindBox.currentIndex - 1] : ""
        fromMs: isNaN(page.fromMs) ? 0 : page.fromMs
        toMs: isNaN(page.toMs) ? 0 : page.toMs
        search: searchField.text
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.pagePadding
        spacing: Theme.spacing

        PageHeader {
            title: qsTr("Transactions")
            subtitle: history.count > 0 ? qsTr("%n transaction(s) loaded", "", history.count) : qsTr("Everything this wallet sent and received")
            Layout.fillWidth: true
            Button {
                text: qsTr("Export CSV…")
                enabled: wallet.exists && !history.exporting
                Accessible.name: qsTr("Export the transactions as a CSV file")
                onClicked: exportDialog.open()
            }
        }

        Banner {
            visible: page.exportMessage !== ""
            kind: page.exportOk ? "info" : "error"
            text: page.exportMessage
            actionText: qsTr("Dismiss")
            onActionTriggered: page.exportMessage = ""
            Layout.fillWidth: true
        }
        Banner {
            visible: history.error !== ""
            kind: "error"
            text: history.error
            actionText: qsTr("Retry")
            onActionTriggered: history.reload()
            Layout.fillWidth: true
        }

        // ---- filters ----
        RowLayout {
            Layout.fillWidth: true
            spacing: 8
            ComboBox {
                id: kindBox
                model: [qsTr("All kinds")].concat(history.kindKeys().map(k => history.kindText(k)))
                Accessible.name: qsTr("Filter by kind")
                Layout.preferredWidth: 200
            }
            TextField {
                id: fromField
                placeholderText: qsTr("From YYYY-MM-DD")
                Accessible.name: qsTr("From date, year-month-day")
                color: isNaN(page.fromMs) ? Theme.bad : Theme.text
                Layout.preferredWidth: 170
            }
            TextField {
                id: toField
                placeholderText: qsTr("To YYYY-MM-DD")
                Accessible.name: qsTr("To date, year-month-day")
                color: isNaN(page.toMs) ? Theme.bad : Theme.text
                Layout.preferredWidth: 170
            }
            TextField {
                id: searchField
                placeholderText: qsTr("Search id, address or note")
                Accessible.name: qsTr("Search transactions")
                Layout.fillWidth: true
            }
        }
        Label {
            visible: isNaN(page.fromMs) || isNaN(page.toMs)
            text: qsTr("Write dates as year-month-day, for example 2024-03-01.")
            color: Theme.bad
            font.pixelSize: Theme.smallSize
        }

        // ---- the list ----
        Pane {
            Layout.fillWidth: true
            Layout.fillHeight: true
            padding: 0
            background: Rectangle { color: Theme.surface; radius: Theme.radius; border.color: Theme.border }

            ListView {
                id: list
                anchors.fill: parent
                anchors.margins: 1
                clip: true
                model: filtered
                focus: true
                keyNavigationEnabled: true
                currentIndex: -1
                ScrollBar.vertical: ScrollBar {}
                Accessible.role: Accessible.List
                Accessible.name: qsTr("Transactions")
                onAtYEndChanged: if (atYEnd && history.hasMore()) history.loadMore()
                Keys.onReturnPressed: if (currentIndex >= 0) page.openDetails(currentIndex)

                header: RowLayout {
                    width: list.width
                    spacing: 12
                    height: 32
                    Label { text: qsTr("Date"); color: Theme.mutedText; font.bold: true; Layout.preferredWidth: 130; Layout.leftMargin: 14 }
                    Label { text: qsTr("Kind"); color: Theme.mutedText; font.bold: true; Layout.preferredWidth: 150 }
                    Label { text: qsTr("Counterparty"); color: Theme.mutedText; font.bold: true; Layout.fillWidth: true }
                    Label { text: qsTr("Amount"); color: Theme.mutedText; font.bold: true; Layout.preferredWidth: 180; horizontalAlignment: Text.AlignRight }
                    Label { text: qsTr("Status"); color: Theme.mutedText; font.bold: true; Layout.preferredWidth: 90; Layout.rightMargin: 14 }
                }

                delegate: ItemDelegate {
                    id: row
                    required property int index
                    required property string txId
                    required property string kind
                    required property string status
                    required property bool outgoing
                    required property string counterparty
                    required property string amount
                    required property real timestampMs
                    width: list.width
                    height: 44
                    highlighted: ListView.isCurrentItem
                    Accessible.name: qsTr("%1, %2, %3, %4").arg(Qt.formatDateTime(new Date(row.timestampMs), "yyyy-MM-dd hh:mm"))
                                     .arg(row.kind).arg(page.signedAmount(row.outgoing, row.amount)).arg(page.statusText(row.status))
                    onClicked: { list.currentIndex = row.index; page.openDetails(row.index) }
                    background: Rectangle {
                        color: row.highlighted ? Theme.accentLight : row.hovered ? Theme.background : "transparent"
                        Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.border }
                    }
                    contentItem: RowLayout {
                        spacing: 12
                        Label { text: Qt.formatDateTime(new Date(row.timestampMs), "yyyy-MM-dd hh:mm"); color: Theme.text; Layout.preferredWidth: 130; Layout.leftMargin: 2 }
                        Label { text: row.kind; color: Theme.text; elide: Text.ElideRight; Layout.preferredWidth: 150 }
                        Label {
                            text: row.counterparty
                            textFormat: Text.PlainText
                            font.family: Theme.monoFamily
                            font.pixelSize: Theme.smallSize + 1
                            color: Theme.mutedText
                            elide: Text.ElideMiddle
                            Layout.fillWidth: true
                        }
                        Label {
                            text: page.signedAmount(row.outgoing, row.amount)
                            color: row.amount === "0" ? Theme.mutedText : row.outgoing ? Theme.bad : Theme.good
                            font.bold: true
                            horizontalAlignment: Text.AlignRight
                            Layout.preferredWidth: 180
                        }
                        Item {
                            Layout.preferredWidth: 90
                            implicitHeight: pill.implicitHeight
                            StatusPill { id: pill; text: page.statusText(row.status); tone: page.statusTone(row.status) }
                        }
                    }
                }

                footer: Item {
                    width: list.width
                    height: history.busy ? 48 : 0
                    BusyIndicator { anchors.centerIn: parent; running: history.busy; visible: running; height: 32; width: 32 }
                }
            }

            EmptyState {
                anchors.centerIn: parent
                visible: history.loaded && filtered.count === 0 && !history.busy
                text: history.count === 0 ? qsTr("No transactions yet") : qsTr("No transactions match")
                hint: history.count === 0 ? (wallet.exists ? qsTr("Coins you send and receive appear here.") : qsTr("Create or restore a wallet to see its transactions."))
                                          : qsTr("Change the filters or clear the search.")
            }
        }
    }

    function openDetails(row) {
        selected = filtered.get(row)
        detailsDialog.open()
    }

    Dialog {
        id: detailsDialog
        title: qsTr("Transaction details")
        modal: true
        anchors.centerIn: Overlay.overlay
        width: Math.min(640, page.width - 40)
        standardButtons: Dialog.Close
        padding: 24
        background: Rectangle { color: Theme.surface; radius: Theme.radius; border.color: Theme.border }
        ColumnLayout {
            anchors.fill: parent
            spacing: 6
            InfoRow { label: qsTr("Transaction id"); value: page.selected.txId || ""; mono: true; copyable: true; Layout.fillWidth: true }
            InfoRow { label: qsTr("Kind"); value: page.selected.kind || ""; Layout.fillWidth: true }
            InfoRow { label: qsTr("Status"); value: page.statusText(page.selected.status || ""); Layout.fillWidth: true }
            InfoRow { label: qsTr("Direction"); value: page.selected.outgoing ? qsTr("Outgoing") : qsTr("Incoming"); Layout.fillWidth: true }
            InfoRow { label: qsTr("Counterparty"); value: page.selected.counterparty || ""; mono: true; copyable: true; visible: (page.selected.counterparty || "") !== ""; Layout.fillWidth: true }
            InfoRow { label: qsTr("Amount"); value: Units.format(page.selected.amount || "0"); Layout.fillWidth: true }
            InfoRow { label: qsTr("Fee"); value: Units.format(page.selected.fee || "0"); visible: page.selected.outgoing === true; Layout.fillWidth: true }
            InfoRow { label: qsTr("Time"); value: page.selected.timestampMs ? Qt.formatDateTime(new Date(page.selected.timestampMs), "yyyy-MM-dd hh:mm:ss") : ""; Layout.fillWidth: true }
            InfoRow { label: qsTr("Block height"); value: page.selected.height >= 0 ? String(page.selected.height) : qsTr("not yet included"); Layout.fillWidth: true }
            InfoRow { label: qsTr("Note"); value: page.selected.note || ""; visible: (page.selected.note || "") !== ""; Layout.fillWidth: true }
            Button {
                text: qsTr("Open in explorer")
                enabled: (page.selected.txId || "") !== ""
                Layout.alignment: Qt.AlignRight
                Layout.topMargin: 8
                onClicked: { detailsDialog.close(); Navigation.openExplorer("tx", page.selected.txId) }
            }
        }
    }

    FileDialog {
        id: exportDialog
        title: qsTr("Export transactions")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "csv"
        nameFilters: [qsTr("CSV files (*.csv)")]
        // The dialog itself asks before replacing an existing file.
        onAccepted: history.exportCsv(selectedFile, filtered.kind, filtered.fromMs, filtered.toMs)
    }
}
