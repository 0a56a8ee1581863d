using System.Text.Json.Nodes;

namespace LrSchedules.Torch;

/// <summary>Helpers for writing scheduler state as JSON.</summary>
internal static class StateJson
{
    public static JsonArray Array(ReadOnlySpan<double> values)
    {
        var a = new JsonArray();
        foreach (double v in values)
        {
            a.Add((JsonNode)JsonValue.Create(v));
        }

        return a;
    }

    public static JsonArray Array(ReadOnlySpan<long> values)
    {
        var a = new JsonArray();
        foreach (long v in values)
        {
            a.Add((JsonNode)JsonValue.Create(v));
        }

        return a;
    }
}
