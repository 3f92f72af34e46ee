import Codegen
import Testing

@Suite("Snippets: security requirements in operation descriptors")
struct SecuritySnippetTests {
    static let spec = """
        openapi: 3.1.0
        info: {title: T, version: '1'}
        security:
          - bearerAuth: [things:read]
        paths:
          /things:
            get:
              operationId: listThings
              tags: [Things]
              responses: {'200': {description: ok}}
            post:
              operationId: createThing
              tags: [Things]
              x-policy-action: thing.create
              security:
                - bearerAuth: [things:write]
                - apiKey: []
                  tenantHeader: [tenant:admin, tenant:write]
              responses: {'201': {description: ok}}
          /healthz:
            get:
              operationId: getHealth
              tags: [Health]
              security: []
              responses: {'200': {description: ok}}
          /feed:
            get:
              operationId: getFeed
              tags: [Feed]
              security:
                - {}
                - bearerAuth: []
              responses: {'200': {description: ok}}
        """

    @Test("alternatives are listed in order, each with every scheme it needs together and their scopes, then the policy action")
    func alternativesWithScopes() throws {
        let snippet = try Snippet(Self.spec)
        #expect(
            try snippet.file("API/Operations/CreateThing.swift").contains(
                """
                        /// The operation as data: route, grouping and what authorises a call.
                        public static let descriptor = OperationDescriptor(
                            id: "createThing",
                            method: "POST",
                            path: "/things",
                            tag: "Things",
                            security: [
                                [.init(scheme: "bearerAuth", scopes: ["things:write"])],
                                [.init(scheme: "apiKey", scopes: []), .init(scheme: "tenantHeader", scopes: ["tenant:admin", "tenant:write"])],
                            ],
                            policyAction: "thing.create"
                        )
                """
            )
        )
    }

    @Test("an operation naming no security inherits the document's requirement")
    func documentDefault() throws {
        let snippet = try Snippet(Self.spec)
        #expect(
            try snippet.file("API/Operations/ListThings.swift").contains(
                """
                        public static let descriptor = OperationDescriptor(
                            id: "listThings",
                            method: "GET",
                            path: "/things",
                            tag: "Things",
                            security: [
                                [.init(scheme: "bearerAuth", scopes: ["things:read"])],
                            ],
                            policyAction: nil
                        )
                """
            )
        )
    }

    @Test("`security: []` makes an operation public: an empty list, not the document's requirement")
    func publicOperation() throws {
        let snippet = try Snippet(Self.spec)
        #expect(
            try snippet.file("API/Operations/GetHealth.swift").contains(
                """
                        public static let descriptor = OperationDescriptor(
                            id: "getHealth",
                            method: "GET",
                            path: "/healthz",
                            tag: "Health",
                            security: [],
                            policyAction: nil
                        )
                """
            )
        )
    }

    @Test("an empty alternative (`{}`) lets anonymous callers in beside the others")
    func optionalAuthentication() throws {
        let snippet = try Snippet(Self.spec)
        #expect(
            try snippet.file("API/Operations/GetFeed.swift").contains(
                """
                            security: [
                                [],
                                [.init(scheme: "bearerAuth", scopes: [])],
                            ],
                """
            )
        )
    }
}
