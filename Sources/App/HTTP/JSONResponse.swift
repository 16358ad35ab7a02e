internal import Hummingbird
internal import Foundation
internal import Workflows

/// Builds JSON responses with Quorum's encoder and optional `ETag`.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, etag: String? = nil, location: String? = nil) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        if let etag { headers[.eTag] = etag }
        if let location { headers[.location] = location }
        if let writable = value as? any JSONTextWritable {
            var json = JSONText()
            writable.write(to: &json)
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json.bytes)))
        }
        let data = try JSONEncoder.quorum.encode(value)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A body already written (a cached check's JSON).
    static func make(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
