import QtQuick
import QtQuick.Controls
import QtTest
import Cairn.Ui
import Cairn.Components

// The shared components: copy buttons copy, banners report their action, rows show text verbatim.
Item {
    id: root
    width: 600
    height: 400

    CopyButton { id: copy; text: "tcairn1qexample" }
    Banner { id: banner; y: 60; width: 400; kind: "warn"; text: "Wallet locked"; actionText: "Unlock" }
    InfoRow { id: row; y: 140; width: 500; label: "Memo"; value: "<b>not bold</b>" }
    SignalSpy { id: actionSpy; target: banner; signalName: "actionTriggered" }

    TestCase {
        name: "Components"
        when: windowShown

        function test_copyButtonCopies() {
            Clipboard.copy("")
            mouseClick(copy)
            compare(Clipboard.text(), "tcairn1qexample")
            verify(copy.copied)
        }

        function findByText(item, text) {
            if (item.text === text && item.clicked !== undefined) return item
            for (let i = 0; i < item.children.length; ++i) {
                const found = findByText(item.children[i], text)
                if (found) return found
            }
            return null
        }

        function test_bannerAction() {
            const button = findByText(banner, "Unlock")
            verify(button !== null)
            verify(button.visible)
            actionSpy.clear()
            mouseClick(button)
            compare(actionSpy.count, 1)
            verify(banner.tone === Theme.warn)
        }

        function test_infoRowIsPlainText() {
            // A memo from the network must never be rendered as rich text.
            compare(row.value, "<b>not bold</b>")
            let found = false
            for (let i = 0; i < row.children.length; ++i) {
                const c = row.children[i]
                if (c.textFormat !== undefined && c.text === "<b>not bold</b>" && c.visible) {
                    compare(c.textFormat, TextEdit.PlainText)
                    found = true
                }
            }
            verify(found)
        }
    }
}
