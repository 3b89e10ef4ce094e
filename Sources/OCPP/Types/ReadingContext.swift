// Why a meter value was sampled.

/// The context of a sampled value (OCPP 1.6 ReadingContext); Sample.Periodic when absent.
public enum ReadingContext: String, OCPPEnum {
    case interruptionBegin = "Interruption.Begin"
    case interruptionEnd = "Interruption.End"
    case sampleClock = "Sample.Clock"
    case samplePeriodic = "Sample.Periodic"
    case transactionBegin = "Transaction.Begin"
    case transactionEnd = "Transaction.End"
    case trigger = "Trigger"
    case other = "Other"
}
