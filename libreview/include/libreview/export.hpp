#pragma once
/// @file export.hpp
/// Symbol visibility for the public API of libreview (the library is built with
/// hidden visibility; only what carries REVIEW_API is exported).

#if defined(_WIN32)
#if defined(REVIEW_BUILDING_CORE)
#define REVIEW_API __declspec(dllexport)
#else
#define REVIEW_API __declspec(dllimport)
#endif
#else
#define REVIEW_API __attribute__((visibility("default")))
#endif
