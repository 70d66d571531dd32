namespace AcousticAnomaly.ModuleTools;

/// <summary>PowerShell 7's approved verbs (Get-Verb), so a cmdlet never triggers the unapproved-verb warning on import.</summary>
public static class ApprovedVerbs
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New",
        "Open", "Optimize", "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show",
        "Skip", "Split", "Step", "Switch", "Undo", "Unlock", "Watch",
        "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
        "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand",
        "Export", "Group", "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore", "Save", "Sync",
        "Unpublish", "Update",
        "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace",
        "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke",
        "Register", "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait",
        "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect",
        "Use",
    };
}
