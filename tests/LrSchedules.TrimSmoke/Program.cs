namespace LrSchedules.TrimSmoke;

/// <summary>Prints <see cref="SmokeScenario.Run"/>, one line per value; exit code 1 on any exception.</summary>
internal static class Program
{
    private static int Main()
    {
        try
        {
            foreach (string line in SmokeScenario.Run())
            {
                Console.Out.Write(line + "\n");
            }

            return 0;
        }
#pragma warning disable CA1031 // The exit code and one line are the whole report.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Console.Error.Write("smoke: " + ex.GetType().FullName + ": " + ex.Message + "\n");
            return 1;
        }
    }
}
