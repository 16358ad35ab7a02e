import Domain
import Testing

/// People and an enrolment shared by the enrolment tests.
struct EnrolmentFixture {
    let organisation = OrganisationID.random()
    let nqsw = PersonID.random()
    let assessor = PersonID.random()
    let otherAssessor = PersonID.random()
    let manager = PersonID.random()
    let coordinator = PersonID.random()
    let today = CalendarDay(year: 2026, month: 11, day: 24)!

    var roles: [PersonID: Set<Role>] {
        [nqsw: [.nqsw], assessor: [.assessor], otherAssessor: [.assessor, .panelMember], manager: [.lineManager], coordinator: [.coordinator]]
    }

    var enrolment: Enrolment {
        Enrolment(id: .random(), organisationID: organisation, nqswID: nqsw, setting: .childAndFamily,
                  startDate: CalendarDay(year: 2026, month: 9, day: 1)!, fte: .fullTime, assessorID: assessor, lineManagerID: manager)
    }

    func caller(_ person: PersonID, _ roles: Set<Role>, organisation: OrganisationID? = nil) -> Caller {
        Caller(personID: person, organisationID: organisation ?? self.organisation, roles: roles)
    }
}

@Suite struct NewEnrolmentTests {
    let f = EnrolmentFixture()

    /// A well-formed enrolment passes.
    @Test func validate_acceptsWellFormedEnrolment() throws {
        let draft = NewEnrolment(nqswID: f.nqsw, setting: .adults, startDate: f.today, fte: .fullTime, assessorID: f.assessor, lineManagerID: f.manager)
        try draft.validate(roles: f.roles, today: f.today)
    }

    /// Every problem is reported at once, each naming its field.
    @Test func validate_reportsEveryFieldAtOnce() {
        let draft = NewEnrolment(nqswID: f.assessor, setting: .adults, startDate: f.today.adding(months: -30), fte: .fullTime,
                                 assessorID: f.manager, lineManagerID: PersonID.random())
        #expect {
            try draft.validate(roles: f.roles, today: f.today)
        } throws: { error in
            let fields = Set((error as? ValidationFailure)?.issues.map(\.field) ?? [])
            return fields == ["nqswId", "assessorId", "lineManagerId", "startDate"]
        }
    }

    /// An NQSW cannot assess themselves even if they also hold the assessor role.
    @Test func validate_refusesSelfAssessment() {
        var roles = f.roles
        roles[f.nqsw] = [.nqsw, .assessor]
        let draft = NewEnrolment(nqswID: f.nqsw, setting: .adults, startDate: f.today, fte: .fullTime, assessorID: f.nqsw, lineManagerID: f.manager)
        #expect(throws: ValidationFailure(field: "assessorId", message: "An NQSW cannot be their own assessor.")) {
            try draft.validate(roles: roles, today: f.today)
        }
    }
}

@Suite struct EnrolmentChangeTests {
    let f = EnrolmentFixture()

    /// Changing hours records the before and after.
    @Test func applying_recordsChangedFields() throws {
        let (next, changes) = try f.enrolment.applying(EnrolmentChange(fte: ContractedTime(fraction: 0.6)), roles: f.roles, today: f.today)
        #expect(next.fte.thousandths == 600)
        #expect(changes == [FieldChange(field: "fte", before: "1.000", after: "0.600")])
    }

    /// A new assessor needs a reason.
    @Test func applying_newAssessorWithoutReason_isRefused() {
        #expect(throws: ValidationFailure.self) {
            try f.enrolment.applying(EnrolmentChange(assessorID: f.otherAssessor, reason: "  "), roles: f.roles, today: f.today)
        }
        #expect(throws: Never.self) {
            try f.enrolment.applying(EnrolmentChange(assessorID: f.otherAssessor, reason: "Assessor on long-term leave"), roles: f.roles, today: f.today)
        }
    }

    /// The new assessor must hold the assessor role.
    @Test func applying_assessorWithoutRole_namesField() {
        #expect(throws: ValidationFailure(field: "assessorId", message: "This person does not hold the assessor role.")) {
            try f.enrolment.applying(EnrolmentChange(assessorID: f.manager, reason: "x"), roles: f.roles, today: f.today)
        }
    }

    /// An ended year cannot change; a change that changes nothing is refused.
    @Test func applying_closedOrEmpty_isRefused() {
        var closed = f.enrolment
        closed.status = .passed
        #expect(throws: EnrolmentError.notActive(.passed)) {
            try closed.applying(EnrolmentChange(fte: ContractedTime(fraction: 0.5)), roles: f.roles, today: f.today)
        }
        #expect(throws: EnrolmentError.noChange) {
            try f.enrolment.applying(EnrolmentChange(fte: .fullTime), roles: f.roles, today: f.today)
        }
    }
}

@Suite struct EnrolmentAccessTests {
    let f = EnrolmentFixture()

    /// Who sees an enrolment: the NQSW, their assessor and line manager, coordinators; nobody else.
    @Test(arguments: [
        (Role.nqsw, "nqsw", true), (.assessor, "assessor", true), (.assessor, "otherAssessor", false),
        (.lineManager, "manager", true), (.coordinator, "coordinator", true), (.panelMember, "otherAssessor", false),
        (.coordinator, "foreignCoordinator", false),
    ])
    func canView_followsNeedToKnow(role: Role, who: String, expected: Bool) {
        let person: PersonID = switch who {
        case "nqsw": f.nqsw
        case "assessor": f.assessor
        case "otherAssessor": f.otherAssessor
        case "manager": f.manager
        default: f.coordinator
        }
        let organisation = who == "foreignCoordinator" ? OrganisationID.random() : f.organisation
        #expect(EnrolmentAccess.canView(f.caller(person, [role], organisation: organisation), f.enrolment) == expected)
    }

    /// A person's relation without the matching role gives no access.
    @Test func canView_relationWithoutRole_isRefused() {
        #expect(!EnrolmentAccess.canView(f.caller(f.assessor, [.panelMember]), f.enrolment))
    }

    /// Only coordinators change terms, never their own.
    @Test func canChange_onlyCoordinators() {
        #expect(EnrolmentAccess.canChange(f.caller(f.coordinator, [.coordinator]), f.enrolment))
        #expect(!EnrolmentAccess.canChange(f.caller(f.assessor, [.assessor]), f.enrolment))
        #expect(!EnrolmentAccess.canChange(f.caller(f.nqsw, [.nqsw, .coordinator]), f.enrolment))
        #expect(!EnrolmentAccess.canChange(f.caller(f.coordinator, [.coordinator], organisation: .random()), f.enrolment))
    }
}
