import QtQuick
import QtQuick.Controls
import QtTest
import Cairn.Ui
import Cairn.Ui.Explorer
import Cairn.Components
import Cairn.Explorer

// The explorer page over the fake node (7 blocks): the live list fills, rows open blocks, links and
// show() move between views, back walks the history, search navigates or explains.
Item {
    id: root
    width: 1000
    height: 700

    ExplorerPage { id: page; anchors.fill: parent }

    TestCase {
        name: "ExplorerPage"
        when: windowShown

        function init() {
            page.history = []
            page.current = { kind: "blocks", key: "" }
            tryVerify(() => page.blockList.model.loaded && !page.blockList.model.loading, 5000)
        }

        function waitDetail() {
            tryVerify(() => page.view !== null && page.view.detail !== undefined, 5000)
            tryVerify(() => !page.view.detail.loading, 5000)
            return page.view.detail
        }

        function test_listShowsLatestBlocks() {
            compare(page.blockList.model.count, 7)
            const list = page.blockList.list
            tryVerify(() => list.count === 7)
            verify(list.itemAtIndex(0) !== null)
            compare(String(list.itemAtIndex(0).blockHeight), "6")
        }

        function test_clickingARowOpensTheBlock() {
            const list = page.blockList.list
            tryVerify(() => list.itemAtIndex(1) !== null)
            mouseClick(list.itemAtIndex(1))
            compare(page.current.kind, "block")
            compare(page.current.key, "5")
            const detail = waitDetail()
            verify(detail.found)
            compare(detail.height, 5)
            compare(detail.txs.length, 3)
        }

        function test_showAndBack() {
            page.show("block", "2")
            const block = waitDetail()
            verify(block.found)
            const txId = block.txs[0].txId
            page.show("tx", txId)
            const tx = waitDetail()
            verify(tx.found)
            compare(tx.kind, "transfer")
            const sender = tx.sender  // the view (and its model) goes when the page moves on
            page.show("account", sender)
            const account = waitDetail()
            verify(account.found)
            compare(account.address, sender)
            compare(page.history.length, 3)
            page.back()
            compare(page.current.kind, "tx")
            compare(waitDetail().txId, txId)
            page.back()
            compare(page.current.kind, "block")
            page.back()
            compare(page.current.kind, "blocks")
            compare(page.history.length, 0)
        }

        function test_validatorByProposerIndex() {
            page.show("validator", "0")
            const v = waitDetail()
            verify(v.found)
            compare(v.moniker, "carol")
        }

        function test_notFoundIsNotAnError() {
            page.show("block", "99")
            const b = waitDetail()
            verify(!b.found)
            compare(b.error, "")
        }

        function test_searchNavigates() {
            page.show("search", "3")
            tryVerify(() => page.current.kind === "block", 5000)
            compare(page.current.key, "3")
            page.show("search", "hello")
            tryVerify(() => !page.search.busy && page.search.error.length > 0, 5000)
            verify(page.search.error.indexOf("No block, transaction or address matches") === 0)
            compare(page.current.kind, "block")  // a failed search stays where it was
        }
    }
}
