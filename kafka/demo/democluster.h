#pragma once
// Placeholder: the embedded demo cluster lands here (issue 3).
