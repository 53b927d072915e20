pragma Singleton
import QtQuick

// Colours, sizes and fonts every page uses, so the app looks like one piece.
QtObject {
    readonly property color accent: "#1f7a6d"
    readonly property color accentLight: "#d7eeea"
    readonly property color background: "#f4f5f7"
    readonly property color surface: "#ffffff"
    readonly property color sidebar: "#1d2a33"
    readonly property color sidebarText: "#c9d4db"
    readonly property color text: "#1d2a33"
    readonly property color mutedText: "#66737d"
    readonly property color border: "#e1e4e8"
    readonly property color good: "#2e7d32"
    readonly property color warn: "#b26a00"
    readonly property color bad: "#c62828"
    readonly property color info: "#1565c0"
    readonly property int spacing: 12
    readonly property int radius: 8
    readonly property int pagePadding: 24
    readonly property int titleSize: 22
    readonly property int headingSize: 16
    readonly property int bodySize: 13
    readonly property int smallSize: 11
    readonly property string monoFamily: "DejaVu Sans Mono"

    function finalityColor(state) {
        return state === "finalized" ? good : state === "justified" ? info : warn
    }
}
