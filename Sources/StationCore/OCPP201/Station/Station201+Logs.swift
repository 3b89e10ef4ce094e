// Routing of 2.0.1 GetLog (N01): the DiagnosticsLog and the SecurityLog are collected through the
// same collector as 1.6 before the answer, and the version-neutral LogUploadService decides the
// upload's attempts; the station runs them as jobs and reports LogStatusNotification.
//
// Choices where the specification leaves one (also in the README):
// - A remoteLocation without `scheme://` is answered Accepted and reported BadMessage; a scheme the
//   transfer does not handle (e.g. sftp) NotSupportedOperation. Neither starts an upload nor
//   cancels one that runs.
// - A GetLog while an upload runs cancels it: the answer is AcceptedCanceled, and the cancelled
//   upload is reported LogStatusNotification AcceptedCanceled with its own requestId.

import OCPP201
import StationHAL
import struct OCPP.BoundedString
import struct OCPP.Timestamp

/// The log-upload state of a 2.0.1 station: the upload machine, its timer and its running job.
struct Logs201State: TimedJobs {
    var service = LogUploadService()
    var timer: Task<Void, Never>?
    var job: Task<Void, Never>?
    /// Numbers the jobs; a replaced job's report is dropped.
    var jobNumber = 0
}

/// What the log-upload timer and jobs report to a 2.0.1 station.
enum Logs201Input: Sendable {
    case attemptDue
    case uploadFinished(job: Int, Result<Void, TransferError>)
}

extension Station201 {
    /// GetLog: collects the log between oldestTimestamp and latestTimestamp, answers Accepted (or
    /// AcceptedCanceled) with its file name, then uploads it; Rejected when it cannot be collected.
    func getLog(_ request: GetLog.Request) async -> GetLog.Response {
        guard let files else { return GetLog.Response(status: .rejected) }
        let location = TransferURL(request.log.remoteLocation.value)
        guard let scheme = location.scheme else {
            log("GetLog \(request.requestId): \(location.redacted) names no scheme")
            send(LogStatusNotification.Request(status: .badMessage, requestId: request.requestId))
            return GetLog.Response(status: .accepted)
        }
        guard files.transfer.supportedSchemes.contains(scheme) else {
            log("GetLog \(request.requestId): \(scheme) uploads are not supported")
            send(LogStatusNotification.Request(status: .notSupportedOperation, requestId: request.requestId))
            return GetLog.Response(status: .accepted)
        }
        let (oldest, latest) = (request.log.oldestTimestamp, request.log.latestTimestamp)
        let archive: (path: String, fileName: String)
        do throws(TransferError) {
            switch request.logType {
            case .diagnosticsLog:
                archive = try await files.diagnostics.collect(from: oldest, to: latest)
            case .securityLog:
                archive = try await files.diagnostics.collect(log: "security", lines: securityLogLines(from: oldest, to: latest))
            }
        } catch {
            log("GetLog: the \(request.logType.rawValue) could not be collected: \(error)")
            return GetLog.Response(status: .rejected)
        }
        let (canceled, actions) = logs.service.collected(
            path: archive.path, fileName: archive.fileName, logName: request.logType.rawValue, requestId: request.requestId,
            remoteLocation: location.text, retries: request.retries, retryInterval: request.retryInterval
        )
        if let canceled { send(LogStatusNotification.Request(status: .acceptedCanceled, requestId: canceled)) }
        perform(actions)
        return GetLog.Response(status: canceled == nil ? .accepted : .acceptedCanceled, filename: try? BoundedString(archive.fileName))
    }

    /// The security log's lines between `oldest` and `latest` (empty when unreadable).
    func securityLogLines(from oldest: Timestamp?, to latest: Timestamp?) -> [String] {
        do {
            return try store.securityEvents(from: oldest, to: latest).map(\.logLine)
        } catch {
            log("security log unreadable: \(error)")
            return []
        }
    }

    /// A log-upload timer or job reported back.
    func logsEvent(_ event: Logs201Input) {
        switch event {
        case .attemptDue: perform(logs.service.attemptDue())
        case .uploadFinished(let job, let result):
            if job == logs.jobNumber { perform(logs.service.uploadFinished(result)) }
        }
    }

    /// TriggerMessage(LogStatusNotification): Uploading with the requestId while an upload runs,
    /// else Idle.
    func triggerLogStatus() {
        let requestId = logs.service.uploadingRequestId
        send(LogStatusNotification.Request(status: requestId == nil ? .idle : .uploading, requestId: requestId))
    }

    /// Performs the LogUploadService's actions in order.
    func perform(_ actions: [LogUploadService.Action]) {
        for action in actions {
            switch action {
            case .cancelUpload:
                logs.cancel()
            case .scheduleAttempt(let seconds):
                logs.timer?.cancel()
                logs.timer = after(.seconds(seconds), .logs(.attemptDue))
            case .notify(let step, let requestId):
                send(LogStatusNotification.Request(status: Self.status(step), requestId: requestId))
            case .upload(let path, let location):
                guard let transfer = files?.transfer else { continue }
                logs.job?.cancel()
                logs.jobNumber += 1
                let (number, continuation) = (logs.jobNumber, inputs.continuation)
                let progress = ProgressLog(what: "log upload", log: log)
                logs.job = StationTask.spawn {
                    let result: Result<Void, TransferError>
                    do throws(TransferError) {
                        try await transfer.upload(file: path, to: location) { progress.report($0) }
                        result = .success(())
                    } catch {
                        result = .failure(error)
                    }
                    if !Task.isCancelled { continuation.yield(.logs(.uploadFinished(job: number, result))) }
                }
            case .log(let line):
                log(line)
            }
        }
    }

    /// The 2.0.1 status of an upload step.
    static func status(_ step: LogUploadService.Step) -> LogStatusNotification.UploadLogStatus {
        switch step {
        case .uploading: .uploading
        case .uploaded: .uploaded
        case .uploadFailure: .uploadFailure
        case .permissionDenied: .permissionDenied
        case .notSupportedOperation: .notSupportedOperation
        }
    }
}
