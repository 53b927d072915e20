import QtQuick
import QtQuick.Controls
import QtTest
import Cairn.Ui
import Cairn.Ui.Shell
import Cairn.Components
import Cairn.Shell

// The shell's pages over the fake node: the overview shows the chain, the status bar its state, no
// banner shows on a healthy devnet, settings explain a bad port, the console says it has no node.
Item {
    id: root
    width: 1100
    height: 800

    Column {
        anchors.fill: parent
        Banners { id: banners; width: root.width }
        StatusBar { id: statusBar; width: root.width }
        OverviewPage { id: overview; width: root.width; height: 400 }
    }
    SettingsPage { id: settings; width: root.width; height: 600; visible: false }
    ConsolePage { id: consolePage; width: root.width; height: 600; visible: false }

    TestCase {
        name: "ShellPages"
        when: windowShown

        function test_overviewShowsTheChain() {
            tryVerify(() => NodeStatus.ready, 5000)
            compare(NodeStatus.headHeight, 6)
            compare(NodeStatus.finalizedHeight, 3)
            const button = findChild(overview, "validatingButton")
            verify(button !== null)
            compare(button.text, "Stop validating")
        }

        function test_statusBarAndNoBanners() {
            tryVerify(() => NodeStatus.ready, 5000)
            compare(findChild(statusBar, "syncState").text, "Up to date")
            compare(banners.shown.length, 0)
            verify(!findChild(banners, "haltedBanner").visible)
            verify(!findChild(banners, "lockedBanner").visible)
        }

        function test_settingsExplainABadPort() {
            const error = findChild(settings, "portError")
            verify(error !== null)
            compare(error.text, "")
            const controller = Qt.createQmlObject("import Cairn.Ui.Shell; SettingsController {}", root)
            verify(controller.portError("80").length > 0)
            controller.destroy()
        }

        function test_consoleWithoutBackend() {
            // The fake launcher gives the session no console: the input says so instead of failing.
            const input = findChild(consolePage, "consoleInput")
            verify(input !== null)
            verify(!input.enabled)
            compare(input.placeholderText, "The node is not running.")
        }
    }
}
