internal import Hummingbird

/// A CSV download: the exports a coordinator opens in a spreadsheet. Never
/// cached: they hold names and decisions.
enum CSVResponse {
    static func make(_ text: String, filename: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(filename)\"",
                                        .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
