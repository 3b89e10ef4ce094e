// Functional block A on the 2.0.1 station in virtual time: security events (critical ones queued
// durably and sent once accepted), the SecurityCtrlr variables, SetNetworkProfile, and the
// certificate messages on the certificate store the 1.6 station shares.

import Crypto
import FoundationEssentials
import OCPP
import OCPP201
import StationCore
import StationTesting
import X509
import XCTest

final class Station201SecurityTests: XCTestCase {
    func testCriticalEventsWaitDurablyOfflineAndGoOutOnceAccepted() async throws {
        let rig = Station201Rig()
        rig.link.setOnline(false)
        let (_, task) = await rig.boot()
        task.cancel()
        _ = await task.value
        // What a kill -9 leaves: the store still holds the notification.
        let waiting = SecurityEvents201(store: rig.store).pending()
        XCTAssertEqual(waiting.map { $0["type"] }, [.string("StartupOfTheDevice")])
        XCTAssertEqual(rig.link.payloads(.securityEventNotification).count, 0)

        rig.link.setOnline(true)
        let (_, again) = await rig.boot()
        defer { again.cancel() }
        await rig.clock.settle()
        let sent = rig.link.payloads(.securityEventNotification)
        XCTAssertEqual(sent.map { $0["type"] }, [.string("StartupOfTheDevice"), .string("StartupOfTheDevice")])
        XCTAssertEqual(sent.first, waiting.first)
        XCTAssertEqual(SecurityEvents201(store: rig.store).pending().count, 0)
        XCTAssertEqual(rig.store.securityEvents(from: nil, to: nil).map(\.kind), [.startupOfTheDevice, .startupOfTheDevice])
    }

    func testResetRaisesResetOrRebootAndAPasswordChangeIsReconfiguration() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        let short = try await station.request(
            OCPP201.SetVariables.Request.self,
            #"{"setVariableData":[{"component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"},"attributeValue":"too-short"}]}"#
        )
        XCTAssertEqual(field(short, "setVariableResult")?.arrayFirst?["attributeStatus"], .string("Rejected"))
        let good = try await station.request(
            OCPP201.SetVariables.Request.self,
            #"{"setVariableData":[{"component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"},"attributeValue":"sixteen-chars-ok"}]}"#
        )
        XCTAssertEqual(field(good, "setVariableResult")?.arrayFirst?["attributeStatus"], .string("Accepted"))
        let reset = try await station.request(OCPP201.Reset.Request.self, #"{"type":"Immediate"}"#)
        XCTAssertEqual(reset["status"], .string("Accepted"))
        _ = await task.value
        XCTAssertEqual(
            rig.store.securityEvents(from: nil, to: nil).map(\.kind), [.startupOfTheDevice, .reconfigurationOfSecurityParameters, .resetOrReboot]
        )
        let (_, next) = await rig.boot()
        defer { next.cancel() }
        await rig.clock.settle()
        XCTAssertEqual(
            rig.link.payloads(.securityEventNotification).map { $0["type"] },
            ["StartupOfTheDevice", "ReconfigurationOfSecurityParameters", "ResetOrReboot", "StartupOfTheDevice"].map { .string($0) }
        )
        XCTAssertFalse(rig.link.payloads(.securityEventNotification).description.contains("sixteen-chars-ok"))
    }

    func testSecurityControllerVariables() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot(security: Station201SecurityPorts(connection: NetworkConnection201((slot: 0, securityProfile: 2))))
        defer { task.cancel() }
        let names = ["Identity", "SecurityProfile", "MaxCertificateChainSize", "AdditionalRootCertificateCheck", "CertificateEntries", "BasicAuthPassword"]
        let items = names.map { #"{"component":{"name":"SecurityCtrlr"},"variable":{"name":"\#($0)"}}"# }.joined(separator: ",")
        let answer = try await station.request(OCPP201.GetVariables.Request.self, #"{"getVariableData":[\#(items)]}"#)
        guard case .array(let results)? = answer["getVariableResult"] else { return XCTFail("\(answer)") }
        XCTAssertEqual(results.map { $0["attributeValue"] }, [.string(rig.settings.chargePointId), .string("2"), .string("10000"), .string("false"), .string("0"), nil])
        XCTAssertEqual(results.last?["attributeStatus"], .string("Rejected"))
        let readOnly = try await station.request(
            OCPP201.SetVariables.Request.self, #"{"setVariableData":[{"component":{"name":"SecurityCtrlr"},"variable":{"name":"SecurityProfile"},"attributeValue":"3"}]}"#
        )
        XCTAssertEqual(field(readOnly, "setVariableResult")?.arrayFirst?["attributeStatus"], .string("Rejected"))
        let priority = try await station.request(
            OCPP201.SetVariables.Request.self,
            #"{"setVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"NetworkConfigurationPriority"},"attributeValue":"1,0"}]}"#
        )
        XCTAssertEqual(field(priority, "setVariableResult")?.arrayFirst?["attributeStatus"], .string("RebootRequired"))
    }

    func testSetNetworkProfileStoresASlotForTheNextBoot() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot(security: Station201SecurityPorts(connection: NetworkConnection201((slot: 0, securityProfile: 1))))
        defer { task.cancel() }
        func profile(slot: Int, url: String, securityProfile: Int) async throws -> JSONValue {
            try await station.request(OCPP201.SetNetworkProfile.Request.self, """
                {"configurationSlot":\(slot),"connectionData":{"ocppVersion":"OCPP20","ocppTransport":"JSON","ocppCsmsUrl":"\(url)",\
                "messageTimeout":30,"securityProfile":\(securityProfile),"ocppInterface":"Wired0"}}
                """)
        }
        let noPassword = try await profile(slot: 1, url: "ws://csms.example/ocpp", securityProfile: 1)
        XCTAssertEqual(noPassword["status"], .string("Rejected"))
        _ = try await station.request(
            OCPP201.SetVariables.Request.self,
            #"{"setVariableData":[{"component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"},"attributeValue":"sixteen-chars-ok"}]}"#
        )
        let stationFile = try await profile(slot: 0, url: "ws://csms.example/ocpp", securityProfile: 1)
        XCTAssertEqual(stationFile["status"], .string("Rejected"))
        let wrongScheme = try await profile(slot: 1, url: "ws://csms.example/ocpp", securityProfile: 2)
        XCTAssertEqual(wrongScheme["status"], .string("Rejected"))
        let noRoot = try await profile(slot: 1, url: "wss://csms.example/ocpp", securityProfile: 2)
        XCTAssertEqual(noRoot["status"], .string("Rejected"))
        let lower = try await profile(slot: 1, url: "ws://csms.example/ocpp", securityProfile: 0)
        XCTAssertEqual(lower["status"], .string("Rejected"))
        let accepted = try await profile(slot: 2, url: "ws://backup.example/ocpp", securityProfile: 1)
        XCTAssertEqual(accepted["status"], .string("Accepted"))
        _ = try await station.request(
            OCPP201.SetVariables.Request.self,
            #"{"setVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"NetworkConfigurationPriority"},"attributeValue":"2,1,0"}]}"#
        )
        let plan = NetworkPlan201.load(store: rig.store)
        XCTAssertEqual(plan.slots, [
            NetworkPlan201.Slot(slot: 2, url: "ws://backup.example/ocpp", securityProfile: 1), NetworkPlan201.Slot(slot: 0, url: nil, securityProfile: nil),
        ])
        XCTAssertEqual(plan.basicAuthPassword, "sixteen-chars-ok")
        XCTAssertEqual(plan.attempts, 3)
    }

    func testCertificatesAreInstalledListedAndDeletedInTheSharedStore() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        let csms = try TestCertificateAuthority(name: "CSMS root"), v2g = try TestCertificateAuthority(name: "V2G root")
        func install(_ type: String, _ pem: String) async throws -> JSONValue {
            let escaped = pem.replacingOccurrences(of: "\n", with: "\\n")
            return try await station.request(OCPP201.InstallCertificate.Request.self, #"{"certificateType":"\#(type)","certificate":"\#(escaped)"}"#)
        }
        let csmsAnswer = try await install("CSMSRootCertificate", try csms.pem)
        XCTAssertEqual(csmsAnswer["status"], .string("Accepted"))
        let v2gAnswer = try await install("V2GRootCertificate", try v2g.pem)
        XCTAssertEqual(v2gAnswer["status"], .string("Accepted"))
        let leaf = try csms.issue(for: Certificate.PublicKey(P256.Signing.PrivateKey().publicKey), subject: DistinguishedName { CommonName("leaf") })
        let leafAnswer = try await install("CSMSRootCertificate", leaf)
        XCTAssertEqual(leafAnswer["status"], .string("Rejected"))
        XCTAssertEqual(rig.store.securityEvents(from: nil, to: nil).last?.kind, .invalidCentralSystemCertificate)
        // The 1.6 link's trust roots read the same store.
        XCTAssertEqual(SecurityCredentials.centralSystemRoots(in: rig.store), [try csms.pem])

        let all = try await station.request(OCPP201.GetInstalledCertificateIds.Request.self, "{}")
        XCTAssertEqual(all["status"], .string("Accepted"))
        guard case .array(let chains)? = all["certificateHashDataChain"] else { return XCTFail("\(all)") }
        XCTAssertEqual(chains.map { $0["certificateType"] }, [.string("CSMSRootCertificate"), .string("V2GRootCertificate")])
        let expected = try OCPP.CertificateHashData(csms.certificate, issuer: csms.certificate)
        let hash = try XCTUnwrap(chains.first?["certificateHashData"])
        XCTAssertEqual(hash["issuerNameHash"], .string(expected.issuerNameHash.value))
        XCTAssertEqual(hash["issuerKeyHash"], .string(expected.issuerKeyHash.value))
        XCTAssertEqual(hash["serialNumber"], .string(expected.serialNumber.value))

        let v2gHash = try XCTUnwrap(chains.last?["certificateHashData"])
        let deleted = try await station.request(OCPP201.DeleteCertificate.Request.self, #"{"certificateHashData":\#(JSONWriter.string(v2gHash))}"#)
        XCTAssertEqual(deleted["status"], .string("Accepted"))
        let again = try await station.request(OCPP201.DeleteCertificate.Request.self, #"{"certificateHashData":\#(JSONWriter.string(v2gHash))}"#)
        XCTAssertEqual(again["status"], .string("NotFound"))
        let v2gIds = try await station.request(OCPP201.GetInstalledCertificateIds.Request.self, #"{"certificateType":["V2GRootCertificate"]}"#)
        XCTAssertEqual(v2gIds["status"], .string("NotFound"))
        let entries = try await station.request(
            OCPP201.GetVariables.Request.self, #"{"getVariableData":[{"component":{"name":"SecurityCtrlr"},"variable":{"name":"CertificateEntries"}}]}"#
        )
        XCTAssertEqual(field(entries, "getVariableResult")?.arrayFirst?["attributeValue"], .string("1"))
    }

    func testTriggeredCSRIsSignedAndTheChainInstalled() async throws {
        let rig = Station201Rig()
        let secrets = InMemorySecretFiles()
        let (station, task) = await rig.boot(security: Station201SecurityPorts(secrets: secrets))
        defer { task.cancel() }
        let ca = try TestCertificateAuthority()
        let pem = try ca.pem.replacingOccurrences(of: "\n", with: "\\n")
        _ = try await station.request(OCPP201.InstallCertificate.Request.self, #"{"certificateType":"CSMSRootCertificate","certificate":"\#(pem)"}"#)
        _ = try await station.request(
            OCPP201.SetVariables.Request.self,
            #"{"setVariableData":[{"component":{"name":"SecurityCtrlr"},"variable":{"name":"OrganizationName"},"attributeValue":"ACME Charging"}]}"#
        )
        let trigger = try await station.request(OCPP201.TriggerMessage.Request.self, #"{"requestedMessage":"SignChargingStationCertificate"}"#)
        XCTAssertEqual(trigger["status"], .string("Accepted"))
        await rig.clock.settle()
        let sign = try XCTUnwrap(rig.link.payloads(.signCertificate).first)
        XCTAssertEqual(sign["certificateType"], .string("ChargingStationCertificate"))
        guard case .string(let csrPEM)? = sign["csr"] else { return XCTFail("\(sign)") }
        let csr = try CertificateSigningRequest(pemEncoded: csrPEM)
        XCTAssertTrue(csr.subject.description.contains("O=ACME Charging"), csr.subject.description)
        XCTAssertTrue(csr.subject.description.contains("CN=\(rig.settings.chargePointId)"), csr.subject.description)

        let stranger = try TestCertificateAuthority(name: "Stranger")
        let foreign = try stranger.sign(csr: csrPEM).replacingOccurrences(of: "\n", with: "\\n")
        let refused = try await station.request(OCPP201.CertificateSigned.Request.self, #"{"certificateChain":"\#(foreign)"}"#)
        XCTAssertEqual(refused["status"], .string("Rejected"))
        XCTAssertEqual(rig.store.securityEvents(from: nil, to: nil).last?.kind, .invalidChargePointCertificate)
        XCTAssertNil(secrets.load(.chargePointCredentials))

        let chain = try ca.sign(csr: csrPEM).replacingOccurrences(of: "\n", with: "\\n")
        let accepted = try await station.request(OCPP201.CertificateSigned.Request.self, #"{"certificateChain":"\#(chain)","certificateType":"ChargingStationCertificate"}"#)
        XCTAssertEqual(accepted["status"], .string("Accepted"))
        XCTAssertNotNil(SecurityCredentials.chargePointIdentity(in: secrets))
        XCTAssertNil(secrets.load(.pendingKey))
    }
}
