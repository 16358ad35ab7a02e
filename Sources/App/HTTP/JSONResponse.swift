internal import Hummingbird
internal import Foundation

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
}
