namespace Cutout.Chat.Tests;
