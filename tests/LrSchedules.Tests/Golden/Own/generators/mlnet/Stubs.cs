// Stub for ML.NET's internal attribute (no effect on values).
namespace Microsoft.ML
{
    [System.AttributeUsage(System.AttributeTargets.All)]
    internal sealed class BestFriendAttribute : System.Attribute { }
}
