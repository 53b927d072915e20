import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Window
import Cairn.Ui
import Cairn.Components

// The window: first run, then the node's start-up, then the sidebar and the pages.
ApplicationWindow {
    id: window
    width: 1200
    height: 780
    minimumWidth: 960
    minimumHeight: 620
    visible: true
    title: Session.running ? qsTr("Cairn — %1").arg(Session.network) : qsTr("Cairn")
    color: Theme.background

    // The pages, in sidebar order. Each is loaded on its first visit and kept afterwards.
    readonly property var pages: [
        { name: "overview", title: qsTr("Overview"), url: "qrc:/Cairn/Shell/OverviewPage.qml" },
        { name: "send", title: qsTr("Send"), url: "qrc:/Cairn/Wallet/SendPage.qml" },
        { name: "receive", title: qsTr("Receive"), url: "qrc:/Cairn/Wallet/ReceivePage.qml" },
        { name: "transactions", title: qsTr("Transactions"), url: "qrc:/Cairn/Wallet/TransactionsPage.qml" },
        { name: "explorer", title: qsTr("Explorer"), url: "qrc:/Cairn/Explorer/ExplorerPage.qml" },
        { name: "settings", title: qsTr("Settings"), url: "qrc:/Cairn/Shell/SettingsPage.qml" },
        { name: "console", title: qsTr("Console"), url: "qrc:/Cairn/Shell/ConsolePage.qml" }
    ]
    property string currentPage: "overview"

    function pageIndex(name) {
        for (let i = 0; i < pages.length; ++i) if (pages[i].name === name) return i
        return -1
    }
    // For the smoke test and keyboard shortcuts: shows a page and returns its item once loaded.
    function showPage(name) {
        if (pageIndex(name) < 0) return null
        currentPage = name
        return pageRepeater.itemAt(pageIndex(name)).item
    }

    Connections {
        target: Navigation
        function onPageRequested(page) { window.showPage(page) }
        function onExplorerRequested(kind, key) {
            const explorer = window.showPage("explorer")
            if (explorer && explorer.show) explorer.show(kind, key)
        }
    }

    Shortcut { sequence: "Ctrl+1"; onActivated: window.showPage("overview") }
    Shortcut { sequence: "Ctrl+2"; onActivated: window.showPage("send") }
    Shortcut { sequence: "Ctrl+3"; onActivated: window.showPage("receive") }
    Shortcut { sequence: "Ctrl+4"; onActivated: window.showPage("transactions") }
    Shortcut { sequence: "Ctrl+5"; onActivated: window.showPage("explorer") }
    Shortcut { sequence: "Ctrl+,"; onActivated: window.showPage("settings") }

    Loader {
        id: firstRun
        anchors.fill: parent
        active: !AppSettings.firstRunDone
        source: "qrc:/Cairn/FirstRun.qml"
    }

    StartingView {
        anchors.fill: parent
        visible: AppSettings.firstRunDone && !Session.running
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0
        visible: AppSettings.firstRunDone && Session.running

        // Sidebar
        Rectangle {
            color: Theme.sidebar
            Layout.fillHeight: true
            Layout.preferredWidth: 200
            ColumnLayout {
                anchors.fill: parent
                anchors.topMargin: 20
                spacing: 2
                Label {
                    text: "Cairn"
                    color: "white"
                    font.pixelSize: 24
                    font.bold: true
                    Layout.leftMargin: 20
                    Layout.bottomMargin: 2
                }
                Label {
                    text: Session.network
                    color: Theme.sidebarText
                    font.pixelSize: Theme.smallSize
                    Layout.leftMargin: 20
                    Layout.bottomMargin: 18
                }
                Repeater {
                    model: window.pages
                    delegate: ItemDelegate {
                        id: navItem
                        required property var modelData
                        readonly property bool selected: window.currentPage === modelData.name
                        text: modelData.title
                        Layout.fillWidth: true
                        leftPadding: 20
                        highlighted: selected
                        contentItem: Label {
                            text: navItem.text
                            color: navItem.selected ? "white" : Theme.sidebarText
                            font.bold: navItem.selected
                            font.pixelSize: 14
                        }
                        background: Rectangle {
                            color: navItem.selected ? Theme.accent : (navItem.hovered ? "#2a3a45" : "transparent")
                        }
                        Accessible.name: modelData.title
                        onClicked: window.showPage(modelData.name)
                    }
                }
                Item { Layout.fillHeight: true }
            }
        }

        // Content: banners, the current page, the status bar.
        ColumnLayout {
            spacing: 0
            Layout.fillWidth: true
            Layout.fillHeight: true
            Loader {
                source: "qrc:/Cairn/Shell/Banners.qml"
                Layout.fillWidth: true
            }
            StackLayout {
                currentIndex: window.pageIndex(window.currentPage)
                Layout.fillWidth: true
                Layout.fillHeight: true
                Repeater {
                    id: pageRepeater
                    model: window.pages
                    delegate: Loader {
                        required property var modelData
                        required property int index
                        active: Session.running && (window.currentPage === modelData.name || status !== Loader.Null)
                        source: modelData.url
                    }
                }
            }
            Loader {
                source: "qrc:/Cairn/Shell/StatusBar.qml"
                Layout.fillWidth: true
            }
        }
    }
}
