import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Ui.Explorer
import Cairn.Components

// The chain explorer: a search box, back navigation over a history of visited objects, the live list
// of latest blocks, and a view per object (block, transaction, account, validator) linked to each other.
// Main.qml calls show(kind, key) for Navigation.openExplorer.
Item {
    id: page
    // {kind: "blocks"|"block"|"tx"|"account"|"validator", key}
    property var current: ({ kind: "blocks", key: "" })
    property var history: []
    readonly property alias search: search
    readonly property alias blockList: blockList
    readonly property Item view: detailLoader.item
    property bool showSearchError: false  // until the next navigation: an old error would mislead

    // kind: block/tx/account/validator (key as Navigation documents it), or search (any text).
    function show(kind, key) {
        if (kind === "search") {
            searchField.text = key
            runSearch(key)
        } else if (kind === "block" || kind === "tx" || kind === "account" || kind === "validator") {
            navigate(kind, String(key))
        } else {
            navigate("blocks", "")
        }
    }
    function runSearch(text) {
        showSearchError = true
        search.classify(text)
    }
    function navigate(kind, key) {
        showSearchError = false
        if (current.kind === kind && current.key === key) return
        history = history.concat([current])
        current = { kind: kind, key: key }
    }
    function back() {
        if (history.length === 0) return
        showSearchError = false
        current = history[history.length - 1]
        history = history.slice(0, history.length - 1)
    }
    function title(entry) {
        switch (entry.kind) {
        case "block": return qsTr("Block %1").arg(entry.key.length > 20 ? entry.key.substring(0, 10) + "…" : entry.key)
        case "tx": return qsTr("Transaction %1…").arg(entry.key.substring(0, 10))
        case "account": return qsTr("Account %1…").arg(entry.key.substring(0, 14))
        case "validator": return qsTr("Validator %1").arg(entry.key.length > 20 ? entry.key.substring(0, 14) + "…" : entry.key)
        default: return qsTr("Latest blocks")
        }
    }

    ExplorerSearch {
        id: search
        onResolved: (result) => page.navigate(result.kind, result.key)
    }

    Shortcut {
        sequences: [StandardKey.Back, "Alt+Left"]
        enabled: page.visible && page.history.length > 0
        onActivated: page.back()
    }
    Shortcut {
        sequence: StandardKey.Find
        enabled: page.visible
        onActivated: searchField.forceActiveFocus()
    }
    MouseArea {  // the mouse's back button
        anchors.fill: parent
        acceptedButtons: Qt.BackButton
        onClicked: page.back()
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.pagePadding
        spacing: Theme.spacing

        PageHeader {
            title: qsTr("Explorer")
            subtitle: qsTr("Blocks, transactions, accounts and validators of %1").arg(Session.network)
            Layout.fillWidth: true
        }

        // Search
        ColumnLayout {
            spacing: 4
            Layout.fillWidth: true
            RowLayout {
                spacing: 8
                Layout.fillWidth: true
                TextField {
                    id: searchField
                    placeholderText: qsTr("Search by block height, block or transaction id, or address")
                    selectByMouse: true
                    font.family: text.length > 20 ? Theme.monoFamily : font.family
                    Layout.fillWidth: true
                    Accessible.name: qsTr("Search the chain")
                    onAccepted: page.runSearch(text)
                    Keys.onEscapePressed: text = ""
                }
                Button {
                    text: qsTr("Search")
                    enabled: searchField.text.trim().length > 0 && !search.busy
                    Accessible.name: qsTr("Search")
                    onClicked: page.runSearch(searchField.text)
                }
                BusyIndicator {
                    running: search.busy
                    visible: running
                    implicitHeight: 28
                    implicitWidth: 28
                }
            }
            Label {
                visible: page.showSearchError && search.error.length > 0
                text: search.error
                textFormat: Text.PlainText
                color: Theme.bad
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }
            RowLayout {  // an address that operates a validator: offer both
                visible: search.result.validator !== undefined && search.result.validator.length > 0
                         && page.current.kind === "account" && page.current.key === search.result.key
                spacing: 6
                Label { text: qsTr("This address operates a validator."); color: Theme.mutedText }
                Button {
                    flat: true
                    text: qsTr("Show the validator")
                    onClicked: page.navigate("validator", search.result.validator)
                }
            }
        }

        // Breadcrumb and back
        RowLayout {
            spacing: 6
            visible: page.current.kind !== "blocks" || page.history.length > 0
            Layout.fillWidth: true
            Button {
                text: qsTr("‹ Back")
                flat: true
                enabled: page.history.length > 0
                Accessible.name: qsTr("Back")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Back (Alt+Left)")
                onClicked: page.back()
            }
            Label {
                text: qsTr("Latest blocks")
                color: page.current.kind === "blocks" ? Theme.text : Theme.accent
                font.underline: homeArea.containsMouse && page.current.kind !== "blocks"
                Accessible.role: Accessible.Link
                Accessible.name: text
                MouseArea {
                    id: homeArea
                    anchors.fill: parent
                    hoverEnabled: true
                    cursorShape: Qt.PointingHandCursor
                    onClicked: page.navigate("blocks", "")
                }
            }
            Label {
                visible: page.current.kind !== "blocks"
                text: "›  " + page.title(page.current)
                color: Theme.text
                font.bold: true
                textFormat: Text.PlainText
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Item { Layout.fillWidth: page.current.kind === "blocks" }
        }

        StackLayout {
            currentIndex: page.current.kind === "blocks" ? 0 : 1
            Layout.fillWidth: true
            Layout.fillHeight: true

            // Kept alive while a detail shows: its live model and scroll position survive a visit.
            BlockListView {
                id: blockList
                onOpen: (kind, key) => page.navigate(kind, key)
            }

            Loader {
                id: detailLoader
                active: page.current.kind !== "blocks"
                sourceComponent: page.current.kind === "block" ? blockView
                               : page.current.kind === "tx" ? txView
                               : page.current.kind === "account" ? accountView
                               : page.current.kind === "validator" ? validatorView : null
            }
        }
    }

    Component {
        id: blockView
        BlockView { key: page.current.key; onOpen: (kind, key) => page.navigate(kind, key) }
    }
    Component {
        id: txView
        TxView { key: page.current.key; onOpen: (kind, key) => page.navigate(kind, key) }
    }
    Component {
        id: accountView
        AccountView { key: page.current.key; onOpen: (kind, key) => page.navigate(kind, key) }
    }
    Component {
        id: validatorView
        ValidatorView { key: page.current.key; onOpen: (kind, key) => page.navigate(kind, key) }
    }
}
