namespace Cutout.Server.Tests;
