import QtQuick
import QtQuick.Controls
import Cairn.Components

// WalletSetup in a modal dialog, for pages that find no wallet ("Create or restore a wallet").
Dialog {
    id: dialog
    signal done()
    modal: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(720, (Overlay.overlay ? Overlay.overlay.width : 720) - 40)
    height: Math.min(640, (Overlay.overlay ? Overlay.overlay.height : 640) - 40)
    padding: 28
    closePolicy: Popup.CloseOnEscape
    background: Rectangle { color: Theme.surface; radius: Theme.radius; border.color: Theme.border }
    contentItem: Loader {
        id: loader
        active: dialog.visible  // a fresh setup each time; the words leave memory with it
        source: "qrc:/Cairn/Wallet/WalletSetup.qml"
        Connections {
            target: loader.item
            ignoreUnknownSignals: true
            function onFinished() { dialog.close(); dialog.done() }
        }
    }
}
