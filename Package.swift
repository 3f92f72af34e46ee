// swift-tools-version:6.2
// Accord: a contract-first API platform. See README.md and docs/architecture.md.

import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Accord",
    platforms: [.macOS(.v15)],
    products: [
        // The typed client other squads import.
        .library(name: "AccordClient", targets: ["AccordClient"]),
        // The typed Kafka events, for squads that consume Accord's topics.
        .library(name: "AccordEvents", targets: ["AccordEvents"]),
        .executable(name: "accord-server", targets: ["AccordServerCommand"]),
        .executable(name: "codegen", targets: ["CodegenCommand"]),
        .executable(name: "cassettes", targets: ["CassettesCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    ],
    targets: [
        // The hand-written runtime generated code calls: JSON values, validation, problem+json,
        // SSE framing. No dependencies, so generated models build anywhere.
        .target(
            name: "AccordRuntime",
            swiftSettings: strictSettings
        ),

        // Recorded traffic: the cassette format, and the recorder behind the server's record mode.
        .target(
            name: "Cassettes",
            dependencies: ["AccordRuntime"],
            swiftSettings: strictSettings
        ),

        // Record mode: the middleware that writes live traffic into cassettes.
        .target(
            name: "CassetteRecording",
            dependencies: [
                "AccordRuntime",
                "AccordServerRuntime",
                "Cassettes",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // Replay of recorded traffic: checks cassettes against a running server, the contract
        // (any revision of it, read at run time) and the Kafka events each exchange causes.
        .target(
            name: "ContractReplay",
            dependencies: [
                "AccordRuntime",
                "Cassettes",
                "Codegen",
                "Kafka",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),

        .executableTarget(
            name: "CassettesCommand",
            dependencies: [
                "Cassettes",
                "ContractReplay",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),

        // The generator: parse (Yams, with source locations) -> IR -> Swift renderer.
        .target(
            name: "Codegen",
            dependencies: [
                "AccordRuntime",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "CodegenCommand",
            dependencies: [
                "Codegen",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),

        // Everything under Sources/Generated is written by `swift run codegen`; never edit it.
        // AccordAPI: the contract's models, their validation and the operation catalogue.
        .target(
            name: "AccordAPI",
            dependencies: ["AccordRuntime"],
            path: "Sources/Generated/API",
            swiftSettings: strictSettings
        ),

        // AccordServerAPI: per-tag handler protocols and the Hummingbird routes that serve them.
        .target(
            name: "AccordServerAPI",
            dependencies: [
                "AccordAPI",
                "AccordRuntime",
                "AccordServerRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Sources/Generated/Server",
            swiftSettings: strictSettings
        ),

        // AccordClient: the typed client, one method per operation.
        .target(
            name: "AccordClient",
            dependencies: ["AccordAPI", "AccordRuntime", "AccordClientRuntime"],
            path: "Sources/Generated/Client",
            swiftSettings: strictSettings
        ),

        // AccordEvents: the Kafka side of the contract (contracts/asyncapi.yaml): payload and
        // header models, the topic enum, each message's record key and event type, and
        // ReceivedEvent for consumers. Sources/Generated/KafkaSchemas holds the per-topic JSON
        // Schemas a broker's registry enforces.
        .target(
            name: "AccordEvents",
            dependencies: ["AccordRuntime"],
            path: "Sources/Generated/Events",
            swiftSettings: strictSettings
        ),

        // What generated routes call on the server: decoding, negotiation, problems, SSE writing.
        .target(
            name: "AccordServerRuntime",
            dependencies: [
                "AccordRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // What the generated client calls: transport over AsyncHTTPClient with deadlines, retries
        // and bearer tokens, and incremental Server-Sent Events with reconnection.
        .target(
            name: "AccordClientRuntime",
            dependencies: [
                "AccordRuntime",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),

        // librdkafka (>= 2.3, installed by scripts/bootstrap.sh) and its thin Swift binding.
        .systemLibrary(
            name: "CRdkafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(
            name: "Kafka",
            dependencies: ["CRdkafka"],
            swiftSettings: strictSettings
        ),

        // Behaviour: one folder per domain, on SQLite through GRDB.
        // Exact cl100k_base / o200k_base BPE token counts (tiktoken's vocabularies) and a calibrated
        // heuristic estimate for other models. No dependencies.
        .target(name: "AccordTokenizer", swiftSettings: strictSettings),
        .target(
            name: "Handlers",
            dependencies: [
                "AccordRuntime",
                "AccordAPI",
                "AccordServerAPI",
                "AccordServerRuntime",
                "AccordEvents",
                "AccordTokenizer",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // The server: configuration, middleware and the application that ties the pieces together.
        .target(
            name: "AccordServer",
            dependencies: [
                "AccordRuntime",
                "AccordAPI",
                "AccordServerAPI",
                "AccordServerRuntime",
                "Handlers",
                "Kafka",
                "AccordEvents",
                "Cassettes",
                "CassetteRecording",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "AccordServerCommand",
            dependencies: [
                "AccordServer",
                "AccordRuntime",
                "Handlers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),

        // scripts/benchmark-relay.sh: outbox relay throughput and latency against a real broker.
        .executableTarget(
            name: "RelayBenchmark",
            dependencies: [
                "Handlers",
                "AccordEvents",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/RelayBenchmark",
            swiftSettings: strictSettings
        ),

        // scripts/benchmark-policy.sh: the policy engine in process, and a bare Hummingbird route
        // for wrk to compare /v1/evaluate with.
        .executableTarget(
            name: "PolicyBenchmark",
            dependencies: [
                "Handlers",
                "AccordAPI",
                "AccordRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Benchmarks/PolicyBenchmark",
            swiftSettings: strictSettings
        ),
        // Tokens per second of AccordTokenizer and of Python tiktoken on the same text.
        .executableTarget(
            name: "TokenizerBenchmark",
            dependencies: ["AccordTokenizer"],
            path: "Benchmarks/TokenizerBenchmark",
            swiftSettings: strictSettings
        ),

        // Helpers for tests that talk HTTP to a real server over loopback.
        .target(
            name: "TestSupport",
            dependencies: [
                "AccordRuntime",
                "Cassettes",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: strictSettings
        ),
        // AccordTokenizer against Python tiktoken on the same vocabulary files.
        .testTarget(
            name: "AccordTokenizerTests",
            dependencies: ["AccordTokenizer"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Kafka",
                "TestSupport",
                "Handlers",
                "AccordEvents",
                "AccordRuntime",
                "AccordServerRuntime",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        // Tests/Recorded: the cassettes replayed against the real server, the verifier shown able to
        // fail, record mode, and the generated client decoding every recorded answer.
        .testTarget(
            name: "RecordedTests",
            dependencies: [
                "Cassettes",
                "ContractReplay",
                "TestSupport",
                "Handlers",
                "AccordEvents",
                "AccordRuntime",
                "Codegen",
                "AccordClient",
                "AccordClientRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/Recorded",
            exclude: ["Cassettes", "README.md"],
            swiftSettings: strictSettings
        ),
        // The round trip: a contract exercising every generator feature (Tests/RoundTrip/echo.yaml),
        // its generated modules, and tests through the generated server and client over loopback.
        .target(
            name: "EchoAPI",
            dependencies: ["AccordRuntime"],
            path: "Tests/RoundTrip/Generated/API",
            swiftSettings: strictSettings
        ),
        .target(
            name: "EchoServer",
            dependencies: [
                "EchoAPI",
                "AccordRuntime",
                "AccordServerRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Tests/RoundTrip/Generated/Server",
            swiftSettings: strictSettings
        ),
        .target(
            name: "EchoClient",
            dependencies: ["EchoAPI", "AccordRuntime", "AccordClientRuntime"],
            path: "Tests/RoundTrip/Generated/Client",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RoundTripTests",
            dependencies: [
                "EchoAPI",
                "EchoServer",
                "EchoClient",
                "AccordRuntime",
                "AccordClientRuntime",
                "AccordServerRuntime",
                "TestSupport",
                "Cassettes",
                "CassetteRecording",
                "ContractReplay",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/RoundTrip/Tests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ClientRuntimeTests",
            dependencies: [
                "AccordClientRuntime",
                "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        // The librdkafka binding against a real Tansu broker.
        .testTarget(
            name: "KafkaTests",
            dependencies: ["Kafka", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RuntimeTests",
            dependencies: ["AccordRuntime"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CodegenTests",
            dependencies: ["Codegen"],
            // Expected generator output, compared as text (and compiled by CompileTests).
            exclude: ["Golden"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
