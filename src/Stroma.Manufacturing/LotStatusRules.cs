namespace Stroma.Manufacturing;

/// <summary>What a lot status means for the work still to do on the lot.</summary>
public static class LotStatusRules
{
    extension(LotStatus status)
    {
        /// <summary>
        /// True until QA has dispositioned the lot (in process or quarantined): it can still be tested, worked on and
        /// released; released and rejected lots are closed.
        /// </summary>
        public bool IsOpen => status is LotStatus.InProcess or LotStatus.Quarantined;
    }
}
