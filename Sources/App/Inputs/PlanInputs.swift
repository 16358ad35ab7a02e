internal import Foundation
internal import Domain
internal import Store
internal import Workflows

extension NewPlan {
    /// `POST /v1/enrolments/{id}/plans`.
    static func parse(_ fields: inout JSONFields) throws -> NewPlan {
        let concerns = fields.ids("concernIds", as: ConcernID.self, message: "Expected concern ids (UUIDs).")
        let support = fields.string("support", maxLength: 8000)
        let nextReview = fields.day("nextReviewOn")
        let occurredOn = fields.day("occurredOn", required: false)
        let objectives = PlanRecord.Objective.parse(&fields, required: true)
        let actions = AgreedAction.parse(&fields, field: "supportActions")
        let (text, review, smart) = try fields.finish(support, nextReview, objectives)
        return NewPlan(concerns: concerns, support: text, supportActions: actions, nextReviewOn: review, objectives: smart, occurredOn: occurredOn)
    }
}

extension PlanRecord.Objective {
    /// Objectives: each needs a description, statements and a target date.
    static func parse(_ fields: inout JSONFields, required: Bool) -> [PlanRecord.Objective]? {
        guard var readers = fields.objects("objectives", required: required) else { return nil }
        if readers.isEmpty { fields.add("objectives", "A plan needs at least one SMART objective.") }
        var result: [PlanRecord.Objective] = []
        for index in readers.indices {
            let description = readers[index].string("description", maxLength: 4000)
            let statements = readers[index].strings("statements")
            let target = readers[index].day("targetDate")
            if statements?.isEmpty == true { readers[index].add("statements", "Link the objective to at least one KSS statement or PCF domain.") }
            fields.absorb(&readers[index], prefix: "objectives/\(index)")
            if let description, let statements, let target {
                result.append(PlanRecord.Objective(number: index + 1, description: description, statements: statements, targetDate: target))
            }
        }
        return result
    }
}

extension PlanCommand {
    /// `POST /v1/enrolments/{id}/plans/{planId}/events`: `event` names the step;
    /// the other fields are what that step needs.
    static func parse(_ fields: inout JSONFields) throws -> PlanCommand {
        let action = fields.choice("event", as: PlanAction.self)
        let reason = fields.string("reason", required: false, maxLength: 4000)
        let procedure = fields.string("procedure", required: false, maxLength: 40)
        let outcome = fields.string("outcome", required: false, maxLength: 8000)
        let comments = fields.string("comments", required: false, maxLength: 8000)
        let closingOutcome = fields.choice("closingOutcome", required: action == .close, as: PlanClosing.Outcome.self)
        let evidence = fields.string("evidence", required: action == .close, maxLength: 4000)
        let support = fields.string("support", required: false, maxLength: 8000)
        let nextReview = fields.day("nextReviewOn", required: false)
        let objectives = PlanRecord.Objective.parse(&fields, required: false)
        let reviews = ObjectiveReview.parse(&fields)
        let given = (reason ?? "").trimmingWhitespace().isEmpty ? nil : reason
        var command: PlanCommand?
        switch action {
        case .edit?: command = .edit(support: support, nextReviewOn: nextReview, objectives: objectives)
        case .acknowledge?: command = .acknowledge(comments: comments)
        case .start?: command = .start
        case .beginReview?: command = .beginReview(reviews)
        case .close?:
            if let evidence, evidence.trimmingWhitespace().isEmpty { fields.add("evidence", "Say what shows the outcome.") }
            if let closingOutcome, let evidence { command = .close(PlanClosing(outcome: closingOutcome, evidence: evidence)) }
        case .extend?:
            if given == nil { fields.add("reason", "Required for this event.") }
            if nextReview == nil { fields.add("nextReviewOn", "Give the new review date.") }
            if let given, let nextReview { command = .extend(reason: given, nextReviewOn: nextReview) }
        case .escalate?:
            let formal = procedure.flatMap(FormalProcedure.init(rawValue:))
            if formal == nil { fields.add("procedure", "Expected one of: \(FormalProcedure.allCases.map(\.rawValue).joined(separator: ", ")).") }
            command = formal.map { .escalate(procedure: $0) }
        case .recordProcedureOutcome?:
            if (outcome ?? "").isEmpty { fields.add("outcome", "Required for this event.") }
            command = outcome.flatMap { $0.isEmpty ? nil : .recordProcedureOutcome($0) }
        case .cancel?:
            if given == nil { fields.add("reason", "Required for this event.") }
            command = given.map { .cancel(reason: $0) }
        case nil:
            break
        }
        return try fields.finish(command)
    }
}

extension ObjectiveReview {
    /// `objectiveOutcomes`: each objective's number, outcome and note.
    static func parse(_ fields: inout JSONFields) -> [ObjectiveReview] {
        guard var readers = fields.objects("objectiveOutcomes", required: false) else { return [] }
        var reviews: [ObjectiveReview] = []
        for index in readers.indices {
            let number = readers[index].int("number", range: 1...20)
            let outcome = readers[index].choice("outcome", as: ObjectiveOutcome.self)
            let note = readers[index].string("note", required: false, maxLength: 4000) ?? ""
            fields.absorb(&readers[index], prefix: "objectiveOutcomes/\(index)")
            if let number, let outcome { reviews.append(ObjectiveReview(number: number, outcome: outcome, note: note)) }
        }
        return reviews
    }
}
