internal import Hummingbird

/// A CSV download: the exports a coordinator opens in a spreadsheet.
enum CSVResponse {
    static func make(_ text: String, filename: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(filename)\""],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
