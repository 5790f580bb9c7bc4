#pragma once
// Umbrella header: everything public in normname.
#include "normname/context.hpp"
#include "normname/error.hpp"
#include "normname/keys.hpp"
#include "normname/limits.hpp"
#include "normname/match.hpp"
#include "normname/names.hpp"
#include "normname/script.hpp"
#include "normname/tables.hpp"
#include "normname/tables_edit.hpp"
#include "normname/text.hpp"
#include "normname/translit.hpp"
#include "normname/version.hpp"
