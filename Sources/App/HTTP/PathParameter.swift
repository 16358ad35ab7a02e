internal import Hummingbird
internal import Foundation
internal import Domain

extension QuorumContext {
    /// A UUID path parameter as a typed id; anything else is a 400 naming the parameter.
    func id<Tag>(_ name: String, as: Identifier<Tag>.Type = Identifier<Tag>.self) throws -> Identifier<Tag> {
        Identifier(try uuid(name))
    }

    /// A UUID path parameter; anything else is a 400 naming the parameter.
    func uuid(_ name: String) throws -> UUID {
        guard let text = parameters.get(name), let uuid = UUID(uuidString: text) else {
            throw Problem(.badRequest, kind: "bad-parameter", title: "A path parameter is malformed",
                          detail: "\(name) must be a UUID.", errors: [.init(field: name, message: "Expected a UUID.")])
        }
        return uuid
    }

    /// The `{enrolmentId}` every year's route carries.
    var enrolmentID: EnrolmentID {
        get throws { try id("enrolmentId") }
    }
}
