internal import Foundation
internal import Domain
internal import Store
internal import Workflows

extension NewEvidence {
    /// `POST /v1/enrolments/{id}/evidence`.
    static func parse(_ fields: inout JSONFields) throws -> NewEvidence {
        let kind = fields.choice("kind", as: EvidenceKind.self)
        let practiceDate = fields.day("practiceDate")
        let description = fields.string("description", maxLength: 4000)
        let statements = fields.strings("statements")
        let fileName = fields.string("fileName", required: false, maxLength: 255)
        let mediaType = fields.string("fileMediaType", required: false, maxLength: 100)
        let size = fields.int("fileSizeBytes", required: false, range: 0...Int(Int32.max))
        let sha256 = fields.string("fileSha256", required: false, maxLength: 64)
        var file: FileReference?
        switch (fileName, mediaType, size, sha256) {
        case (nil, nil, nil, nil): file = nil
        case let (name?, type?, bytes?, digest?): file = FileReference(name: name, mediaType: type, sizeBytes: bytes, sha256: digest)
        default: fields.add("fileName", "Give all four file fields (fileName, fileMediaType, fileSizeBytes, fileSha256) or none.")
        }
        if let sha256, sha256.count != 64 || !sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
            fields.add("fileSha256", "Expected 64 lower-case hex digits.")
        }
        if let description, description.trimmingWhitespace().isEmpty {
            fields.add("description", "Describe what the evidence shows.")
        }
        let (chosen, day, text, codes) = try fields.finish(kind, practiceDate, description, statements)
        return NewEvidence(kind: chosen, practiceDate: day, description: text, statements: codes, file: file)
    }
}

extension JudgeEvidence {
    /// `POST /v1/enrolments/{id}/evidence/{evidenceId}/judgements`.
    static func parse(_ fields: inout JSONFields, enrolment: EnrolmentID, evidence: EvidenceID) throws -> JudgeEvidence {
        let level = fields.choice("level", as: JudgementLevel.self)
        let feedback = fields.string("feedback", maxLength: 8000)
        let resolution = fields.bool("resolution", required: false) ?? false
        let aiUseSuspected = fields.bool("aiUseSuspected", required: false)
        let grade = fields.int("grade", required: false, range: GradedScale.grades)
        let (chosen, text) = try fields.finish(level, feedback)
        return JudgeEvidence(enrolment, evidence, level: chosen, feedback: text, resolution: resolution, aiUseSuspected: aiUseSuspected, grade: grade)
    }
}
